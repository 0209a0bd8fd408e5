/**
 * Names of the RGI emoji ZWJ sequences ("rainbow flag", "family: man, woman, boy"), from the Unicode emoji data:
 * emoji-zwj-sequences.txt, Emoji 15.0 (2022-05-06), as shipped in Debian's unicode-data 15.0.0 package
 * (/usr/share/unicode/emoji/). Unicode data files are free to use under the Unicode licence
 * (https://www.unicode.org/terms_of_use.html).
 *
 * Generated, not hand-written: each RGI_Emoji_ZWJ_Sequence line became "<code points> <name>", with U+FE0F, the ZWJs
 * and skin-tone modifiers left out of the code points (emojiName drops them before its lookup, so every skin-tone
 * variant finds its base); a sequence that exists only with skin tones keeps its name without the tone.
 * To update: regenerate from a newer emoji-zwj-sequences.txt the same way.
 */
const TABLE = `
1F468 2764 1F468 couple with heart: man, man
1F468 2764 1F48B 1F468 kiss: man, man
1F468 1F466 family: man, boy
1F468 1F466 1F466 family: man, boy, boy
1F468 1F467 family: man, girl
1F468 1F467 1F466 family: man, girl, boy
1F468 1F467 1F467 family: man, girl, girl
1F468 1F468 1F466 family: man, man, boy
1F468 1F468 1F466 1F466 family: man, man, boy, boy
1F468 1F468 1F467 family: man, man, girl
1F468 1F468 1F467 1F466 family: man, man, girl, boy
1F468 1F468 1F467 1F467 family: man, man, girl, girl
1F468 1F469 1F466 family: man, woman, boy
1F468 1F469 1F466 1F466 family: man, woman, boy, boy
1F468 1F469 1F467 family: man, woman, girl
1F468 1F469 1F467 1F466 family: man, woman, girl, boy
1F468 1F469 1F467 1F467 family: man, woman, girl, girl
1F469 2764 1F468 couple with heart: woman, man
1F469 2764 1F469 couple with heart: woman, woman
1F469 2764 1F48B 1F468 kiss: woman, man
1F469 2764 1F48B 1F469 kiss: woman, woman
1F469 1F466 family: woman, boy
1F469 1F466 1F466 family: woman, boy, boy
1F469 1F467 family: woman, girl
1F469 1F467 1F466 family: woman, girl, boy
1F469 1F467 1F467 family: woman, girl, girl
1F469 1F469 1F466 family: woman, woman, boy
1F469 1F469 1F466 1F466 family: woman, woman, boy, boy
1F469 1F469 1F467 family: woman, woman, girl
1F469 1F469 1F467 1F466 family: woman, woman, girl, boy
1F469 1F469 1F467 1F467 family: woman, woman, girl, girl
1F9D1 1F91D 1F9D1 people holding hands
1F468 2695 man health worker
1F468 2696 man judge
1F468 2708 man pilot
1F468 1F33E man farmer
1F468 1F373 man cook
1F468 1F37C man feeding baby
1F468 1F393 man student
1F468 1F3A4 man singer
1F468 1F3A8 man artist
1F468 1F3EB man teacher
1F468 1F3ED man factory worker
1F468 1F4BB man technologist
1F468 1F4BC man office worker
1F468 1F527 man mechanic
1F468 1F52C man scientist
1F468 1F680 man astronaut
1F468 1F692 man firefighter
1F468 1F9AF man with white cane
1F468 1F9BC man in motorized wheelchair
1F468 1F9BD man in manual wheelchair
1F469 2695 woman health worker
1F469 2696 woman judge
1F469 2708 woman pilot
1F469 1F33E woman farmer
1F469 1F373 woman cook
1F469 1F37C woman feeding baby
1F469 1F393 woman student
1F469 1F3A4 woman singer
1F469 1F3A8 woman artist
1F469 1F3EB woman teacher
1F469 1F3ED woman factory worker
1F469 1F4BB woman technologist
1F469 1F4BC woman office worker
1F469 1F527 woman mechanic
1F469 1F52C woman scientist
1F469 1F680 woman astronaut
1F469 1F692 woman firefighter
1F469 1F9AF woman with white cane
1F469 1F9BC woman in motorized wheelchair
1F469 1F9BD woman in manual wheelchair
1F9D1 2695 health worker
1F9D1 2696 judge
1F9D1 2708 pilot
1F9D1 1F33E farmer
1F9D1 1F373 cook
1F9D1 1F37C person feeding baby
1F9D1 1F393 student
1F9D1 1F3A4 singer
1F9D1 1F3A8 artist
1F9D1 1F3EB teacher
1F9D1 1F3ED factory worker
1F9D1 1F4BB technologist
1F9D1 1F4BC office worker
1F9D1 1F527 mechanic
1F9D1 1F52C scientist
1F9D1 1F680 astronaut
1F9D1 1F692 firefighter
1F9D1 1F9AF person with white cane
1F9D1 1F9BC person in motorized wheelchair
1F9D1 1F9BD person in manual wheelchair
26F9 2640 woman bouncing ball
26F9 2642 man bouncing ball
1F3C3 2640 woman running
1F3C3 2642 man running
1F3C4 2640 woman surfing
1F3C4 2642 man surfing
1F3CA 2640 woman swimming
1F3CA 2642 man swimming
1F3CB 2640 woman lifting weights
1F3CB 2642 man lifting weights
1F3CC 2640 woman golfing
1F3CC 2642 man golfing
1F46E 2640 woman police officer
1F46E 2642 man police officer
1F46F 2640 women with bunny ears
1F46F 2642 men with bunny ears
1F470 2640 woman with veil
1F470 2642 man with veil
1F471 2640 woman: blond hair
1F471 2642 man: blond hair
1F473 2640 woman wearing turban
1F473 2642 man wearing turban
1F477 2640 woman construction worker
1F477 2642 man construction worker
1F481 2640 woman tipping hand
1F481 2642 man tipping hand
1F482 2640 woman guard
1F482 2642 man guard
1F486 2640 woman getting massage
1F486 2642 man getting massage
1F487 2640 woman getting haircut
1F487 2642 man getting haircut
1F575 2640 woman detective
1F575 2642 man detective
1F645 2640 woman gesturing NO
1F645 2642 man gesturing NO
1F646 2640 woman gesturing OK
1F646 2642 man gesturing OK
1F647 2640 woman bowing
1F647 2642 man bowing
1F64B 2640 woman raising hand
1F64B 2642 man raising hand
1F64D 2640 woman frowning
1F64D 2642 man frowning
1F64E 2640 woman pouting
1F64E 2642 man pouting
1F6A3 2640 woman rowing boat
1F6A3 2642 man rowing boat
1F6B4 2640 woman biking
1F6B4 2642 man biking
1F6B5 2640 woman mountain biking
1F6B5 2642 man mountain biking
1F6B6 2640 woman walking
1F6B6 2642 man walking
1F926 2640 woman facepalming
1F926 2642 man facepalming
1F935 2640 woman in tuxedo
1F935 2642 man in tuxedo
1F937 2640 woman shrugging
1F937 2642 man shrugging
1F938 2640 woman cartwheeling
1F938 2642 man cartwheeling
1F939 2640 woman juggling
1F939 2642 man juggling
1F93C 2640 women wrestling
1F93C 2642 men wrestling
1F93D 2640 woman playing water polo
1F93D 2642 man playing water polo
1F93E 2640 woman playing handball
1F93E 2642 man playing handball
1F9B8 2640 woman superhero
1F9B8 2642 man superhero
1F9B9 2640 woman supervillain
1F9B9 2642 man supervillain
1F9CD 2640 woman standing
1F9CD 2642 man standing
1F9CE 2640 woman kneeling
1F9CE 2642 man kneeling
1F9CF 2640 deaf woman
1F9CF 2642 deaf man
1F9D4 2640 woman: beard
1F9D4 2642 man: beard
1F9D6 2640 woman in steamy room
1F9D6 2642 man in steamy room
1F9D7 2640 woman climbing
1F9D7 2642 man climbing
1F9D8 2640 woman in lotus position
1F9D8 2642 man in lotus position
1F9D9 2640 woman mage
1F9D9 2642 man mage
1F9DA 2640 woman fairy
1F9DA 2642 man fairy
1F9DB 2640 woman vampire
1F9DB 2642 man vampire
1F9DC 2640 mermaid
1F9DC 2642 merman
1F9DD 2640 woman elf
1F9DD 2642 man elf
1F9DE 2640 woman genie
1F9DE 2642 man genie
1F9DF 2640 woman zombie
1F9DF 2642 man zombie
1F468 1F9B0 man: red hair
1F468 1F9B1 man: curly hair
1F468 1F9B2 man: bald
1F468 1F9B3 man: white hair
1F469 1F9B0 woman: red hair
1F469 1F9B1 woman: curly hair
1F469 1F9B2 woman: bald
1F469 1F9B3 woman: white hair
1F9D1 1F9B0 person: red hair
1F9D1 1F9B1 person: curly hair
1F9D1 1F9B2 person: bald
1F9D1 1F9B3 person: white hair
2764 1F525 heart on fire
2764 1FA79 mending heart
1F3F3 26A7 transgender flag
1F3F3 1F308 rainbow flag
1F3F4 2620 pirate flag
1F408 2B1B black cat
1F415 1F9BA service dog
1F426 2B1B black bird
1F43B 2744 polar bear
1F441 1F5E8 eye in speech bubble
1F62E 1F4A8 face exhaling
1F635 1F4AB face with spiral eyes
1F636 1F32B face in clouds
1F9D1 1F384 mx claus
1F468 1F91D 1F468 men holding hands
1F469 1F91D 1F468 woman and man holding hands
1F469 1F91D 1F469 women holding hands
1F9D1 2764 1F48B 1F9D1 kiss: person, person
1F9D1 2764 1F9D1 couple with heart: person, person
1FAF1 1FAF2 handshake`;

/** Code points joined by U+200D (no U+FE0F, no skin tones) -> the sequence's CLDR name. */
export const ZWJ_EMOJI_NAMES: ReadonlyMap<string, string> = new Map(
  TABLE.split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const words = line.split(' ');
      const nameStart = words.findIndex((word) => !/^[0-9A-F]{4,6}$/.test(word));
      const codes = words.slice(0, nameStart);
      const key = codes.map((code) => String.fromCodePoint(Number.parseInt(code, 16))).join('\u200D');
      return [key, words.slice(codes.length).join(' ')] as const;
    }),
);
