import { ZWJ_EMOJI_NAMES } from './emoji-zwj-names.ts';

/**
 * Short names (CLDR) of the emoji people actually use in chat. Anything not here is dropped rather than read as
 * noise. ZWJ sequences are read by their full name from the Unicode data (emoji-zwj-names.ts: "rainbow flag", not
 * "white flag"); one missing there falls back to its first part. Keys carry no variation selector (U+FE0F).
 */
const EMOJI_TABLE = `
😀 grinning face|😃 grinning face with big eyes|😄 grinning face with smiling eyes|😁 beaming face with smiling eyes
😆 grinning squinting face|😅 grinning face with sweat|🤣 rolling on the floor laughing|😂 face with tears of joy
🙂 slightly smiling face|🙃 upside-down face|😉 winking face|😊 smiling face with smiling eyes|😇 smiling face with halo
🥰 smiling face with hearts|😍 smiling face with heart-eyes|🤩 star-struck|😘 face blowing a kiss|😋 face savoring food
😛 face with tongue|😜 winking face with tongue|🤪 zany face|😝 squinting face with tongue|🤑 money-mouth face
🤗 hugging face|🤭 face with hand over mouth|🤫 shushing face|🤔 thinking face|🤐 zipper-mouth face
🤨 face with raised eyebrow|😐 neutral face|😑 expressionless face|😶 face without mouth|😏 smirking face
😒 unamused face|🙄 face with rolling eyes|😬 grimacing face|😌 relieved face|😔 pensive face|😪 sleepy face
😴 sleeping face|😷 face with medical mask|🤒 face with thermometer|🤢 nauseated face|🤮 face vomiting|🥵 hot face
🥶 cold face|🥴 woozy face|😵 face with crossed-out eyes|🤯 exploding head|🤠 cowboy hat face|🥳 partying face
😎 smiling face with sunglasses|🤓 nerd face|😕 confused face|😟 worried face|🙁 slightly frowning face
☹ frowning face|😮 face with open mouth|😯 hushed face|😲 astonished face|😳 flushed face|🥺 pleading face
🥹 face holding back tears|😨 fearful face|😰 anxious face with sweat|😥 sad but relieved face|😢 crying face
😭 loudly crying face|😱 face screaming in fear|😖 confounded face|😣 persevering face|😞 disappointed face
😓 downcast face with sweat|😩 weary face|😫 tired face|🥱 yawning face|😤 face with steam from nose
😡 enraged face|😠 angry face|🤬 face with symbols on mouth|😈 smiling face with horns|👿 angry face with horns
💀 skull|☠ skull and crossbones|💩 pile of poo|🤡 clown face|👻 ghost|👽 alien|🤖 robot|🫠 melting face
🫡 saluting face|🙈 see-no-evil monkey|🙉 hear-no-evil monkey|🙊 speak-no-evil monkey|😺 grinning cat
💯 hundred points|💢 anger symbol|💥 collision|💫 dizzy|💦 sweat droplets|💤 zzz|👋 waving hand|✋ raised hand
👌 OK hand|🤌 pinched fingers|✌ victory hand|🤞 crossed fingers|🤟 love-you gesture|🤘 sign of the horns
🤙 call me hand|👈 backhand index pointing left|👉 backhand index pointing right|👆 backhand index pointing up
👇 backhand index pointing down|☝ index pointing up|👍 thumbs up|👎 thumbs down|✊ raised fist|👊 oncoming fist
👏 clapping hands|🙌 raising hands|🫶 heart hands|🤝 handshake|🙏 folded hands|💪 flexed biceps|👀 eyes|🧠 brain
🤷 person shrugging|🤦 person facepalming|🙋 person raising hand|🙅 person gesturing no|🙆 person gesturing OK
💃 woman dancing|🕺 man dancing|👑 crown|💋 kiss mark|❤ red heart|🧡 orange heart|💛 yellow heart|💚 green heart
💙 blue heart|💜 purple heart|🖤 black heart|🤍 white heart|🤎 brown heart|💔 broken heart|❣ heart exclamation
💕 two hearts|💖 sparkling heart|💗 growing heart|💘 heart with arrow|💞 revolving hearts|🔥 fire|✨ sparkles
⭐ star|🌟 glowing star|⚡ high voltage|🌈 rainbow|☀ sun|🌙 crescent moon|❄ snowflake|🎉 party popper
🎊 confetti ball|🎂 birthday cake|🎁 wrapped gift|🏆 trophy|🥇 first place medal|🎮 video game|🎵 musical note
🎶 musical notes|🎤 microphone|🎧 headphone|📢 loudspeaker|🔊 speaker high volume|🔇 muted speaker|📌 pushpin
🔗 link|💻 laptop|📱 mobile phone|☕ hot beverage|🍕 pizza|🍔 hamburger|🍟 french fries|🍿 popcorn|🍺 beer mug
🍻 clinking beer mugs|🍷 wine glass|🍪 cookie|🐶 dog face|🐱 cat face|🐸 frog|🐍 snake|🦀 crab|🐛 bug|🦄 unicorn
🐧 penguin|🌹 rose|🌸 cherry blossom|🍀 four leaf clover|🚀 rocket|✈ airplane|⏰ alarm clock|⌛ hourglass done
✅ check mark button|✔ check mark|☑ check box with check|❌ cross mark|❗ red exclamation mark|❓ red question mark
‼ double exclamation mark|⁉ exclamation question mark|⚠ warning|🚫 prohibited|⛔ no entry|🆗 OK button
🆕 NEW button|🔴 red circle|🟢 green circle|🔵 blue circle|⬆ up arrow|⬇ down arrow|➡ right arrow|⬅ left arrow
♻ recycling symbol|💰 money bag|💸 money with wings|📈 chart increasing|📉 chart decreasing|💎 gem stone|🔔 bell
🎯 bullseye|🤍 white heart|© copyright|® registered|™ trade mark|🏳 white flag|🏴 black flag|🏁 chequered flag`;

const NAMES: ReadonlyMap<string, string> = new Map(
  EMOJI_TABLE.split(/[|\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const space = entry.indexOf(' ');
      return [entry.slice(0, space), entry.slice(space + 1)] as const;
    }),
);

/** One emoji "character" as users see it: flag pair, keycap, or pictograph with modifiers and ZWJ joins. */
const EMOJI_SEQUENCE =
  /\p{RI}\p{RI}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*)*|\p{Emoji_Modifier}|\p{RI}/gu;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The spoken name of one emoji sequence, or undefined when it has none worth reading. */
export function emojiName(sequence: string): string | undefined {
  const bare = sequence.replace(/[\uFE0F\uFE0E]|\p{Emoji_Modifier}/gu, '');
  if (bare === '') return undefined;
  const keycap = /^([#*0-9])\u20E3$/u.exec(bare);
  if (keycap) return keycap[1] === '#' ? 'number sign' : keycap[1] === '*' ? 'asterisk' : keycap[1];
  const indicators = [...bare];
  if (indicators.length === 2 && /^\p{RI}\p{RI}$/u.test(bare)) {
    const region = indicators.map((ch) => String.fromCharCode(ch.codePointAt(0)! - 0x1f1e6 + 65)).join('');
    try {
      const name = regionNames.of(region);
      return name && name !== region ? `flag of ${name}` : undefined;
    } catch {
      return undefined;
    }
  }
  return NAMES.get(bare) ?? ZWJ_EMOJI_NAMES.get(bare) ?? NAMES.get(bare.split('\u200D')[0]);
}

/**
 * Reads unicode emoji by name (or drops them when `readEmoji` is false). A run of the same emoji is read once:
 * "😂😂😂😂" is one laugh, not four.
 */
export function replaceUnicodeEmoji(text: string, readEmoji: boolean): string {
  let previous: string | undefined;
  let previousEnd = -1;
  return text.replace(EMOJI_SEQUENCE, (sequence: string, offset: number) => {
    const between = previousEnd >= 0 ? text.slice(previousEnd, offset) : 'x';
    const repeat = previous === sequence && /^\s*$/.test(between);
    previous = sequence;
    previousEnd = offset + sequence.length;
    if (!readEmoji || repeat) return ' ';
    const name = emojiName(sequence);
    return name ? ` ${name} ` : ' ';
  });
}

export function removeEmoji(text: string): string {
  return text.replace(EMOJI_SEQUENCE, ' ');
}
