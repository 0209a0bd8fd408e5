import type { GuildSettings, UserSettings } from '../storage/settings-store.ts';
import { findVoice } from '../generator/registry/voice-registry.ts';
import { SpeechError, type SpeechTurn, type VoiceInfo } from '../generator/speech-request.ts';
import { MAX_SPEAKER_TURNS } from '../limits/speech-limits.ts';
import { parseSpeakerTurns } from '../text/speaker-markup.ts';
import { dominantScript, languageName, languageReads, likelyLanguage, type WritingSystem } from '../text/script-detection.ts';

/** Voice and speed for one message: the command's options win, then the member's choice, the server's, the bot's. */
export function chooseVoiceAndSpeed(
  option: { readonly voice: string | null; readonly speed: number | null },
  user: Pick<UserSettings, 'voice' | 'speed'>,
  guild: Pick<GuildSettings, 'voice' | 'speed'>,
  defaultVoice: string,
): { voice: string; speed: number } {
  return {
    voice: option.voice ?? user.voice ?? guild.voice ?? defaultVoice,
    speed: option.speed ?? user.speed ?? guild.speed,
  };
}

/**
 * Why a voice cannot be used right now, as a user-facing sentence; null when it can. The generator's registry
 * decides, so Discord refuses a voice with the same words the worker would use.
 */
export function voiceProblem(voiceId: string, voices: readonly VoiceInfo[]): string | null {
  try {
    findVoice(voiceId, voices);
    return null;
  } catch (error) {
    if (error instanceof SpeechError) return error.message;
    throw error;
  }
}

export type VoiceForText =
  | { readonly ok: true; readonly voice: string; readonly script: WritingSystem | null; readonly switched: boolean }
  | { readonly ok: false; readonly message: string };

/**
 * The voice that reads `text`: the chosen one when its language can read the text's script (the script of most of its
 * letters; a mixed message goes by the larger part), else one that can, in this order: the server's voice for that
 * language, the server's default voice, the bot's default voice, an installed espeak-ng voice of that language, any
 * installed voice that reads the script. With the server's language fallback off, or no voice for it installed, the
 * answer is a sentence for the member instead of silence.
 */
export function voiceForText(
  chosen: string,
  text: string,
  voices: readonly VoiceInfo[],
  guild: Pick<GuildSettings, 'voice' | 'languageFallback' | 'languageVoices'>,
  defaultVoice: string,
): VoiceForText {
  const script = dominantScript(text);
  const chosenInfo = voices.find((v) => v.id === chosen);
  if (script === null || !chosenInfo || languageReads(chosenInfo.language, script)) return { ok: true, voice: chosen, script, switched: false };
  const language = likelyLanguage(script, text);
  const what = `${languageName(language)} (${script} script)`;
  if (!guild.languageFallback) {
    return {
      ok: false,
      message: `The voice ${chosen} cannot read ${what}, and this server turned off switching voices for other languages. ` +
        'Pick a voice that can with the voice option (see /voice list).',
    };
  }
  const usable = (id: string | null | undefined): VoiceInfo | undefined => {
    const voice = id ? voices.find((v) => v.id === id && v.installed) : undefined;
    return voice && languageReads(voice.language, script) ? voice : undefined;
  };
  const installed = voices.filter((v) => v.installed && languageReads(v.language, script));
  const sameLanguage = (v: VoiceInfo): boolean => v.language.toLowerCase().split(/[-_]/u)[0] === language;
  const pick =
    usable(guild.languageVoices[language]) ??
    usable(Object.entries(guild.languageVoices).find(([code]) => languageReads(code, script))?.[1]) ??
    usable(guild.voice) ??
    usable(defaultVoice) ??
    installed.find((v) => v.engine === 'espeak' && v.id === `espeak:${language}`) ??
    installed.find((v) => v.engine === 'espeak' && sameLanguage(v)) ??
    installed.find(sameLanguage) ??
    installed.find((v) => v.engine === 'espeak') ??
    installed[0];
  if (!pick) return { ok: false, message: `The voice ${chosen} cannot read ${what}, and no installed voice can.` };
  return { ok: true, voice: pick.id, script, switched: true };
}

export type SpeakersForText =
  | {
    readonly ok: true;
    /** The first speaker's voice (the only one when `turns` is absent). */
    readonly voice: string;
    /** The words to read, without speaker tags. */
    readonly text: string;
    /** Present when more than one voice reads the message: each voice's stretch in order. */
    readonly turns?: readonly SpeechTurn[];
    /** Voices used instead of the asked-for one because it cannot read its stretch's script (see voiceForText). */
    readonly switched: readonly { readonly voice: string; readonly script: WritingSystem | null }[];
  }
  | { readonly ok: false; readonly message: string };

/**
 * Who reads which part of `text`: the `[engine:voice]` speaker markup (src/text/speaker-markup.ts) resolved against
 * the voices on offer and the server's language rules. Text before the first tag is read by `messageVoice`. Every
 * voice named in a tag must be one the member could also pick with the voice option: a voice that does not exist or
 * is not installed is refused with the registry's sentence naming it, and each turn goes through voiceForText like a
 * one-voice message. Neighbouring turns that end up with the same voice are joined. At most MAX_SPEAKER_TURNS turns.
 */
export function speakersForText(
  text: string,
  messageVoice: string,
  voices: readonly VoiceInfo[],
  guild: Pick<GuildSettings, 'voice' | 'languageFallback' | 'languageVoices'>,
  defaultVoice: string,
): SpeakersForText {
  const parsed = parseSpeakerTurns(text);
  if (parsed.length > MAX_SPEAKER_TURNS) {
    return { ok: false, message: `That message has ${parsed.length} speaker turns; one message may have at most ${MAX_SPEAKER_TURNS}. Split it into several.` };
  }
  const named = [...new Set(parsed.flatMap((turn) => (turn.voice === undefined ? [] : [turn.voice])))];
  const problems = named.flatMap((voice) => {
    const problem = voiceProblem(voice, voices);
    return problem === null ? [] : [problem];
  });
  if (problems.length > 0) return { ok: false, message: `I cannot read the speaker voices in that message. ${problems.join(' ')}` };

  const turns: SpeechTurn[] = [];
  const switched: { voice: string; script: WritingSystem | null }[] = [];
  for (const turn of parsed) {
    const reader = voiceForText(turn.voice ?? messageVoice, turn.text, voices, guild, defaultVoice);
    if (!reader.ok) return reader;
    if (reader.switched && !switched.some((s) => s.voice === reader.voice)) switched.push({ voice: reader.voice, script: reader.script });
    const last = turns.at(-1);
    if (last?.voice === reader.voice) turns[turns.length - 1] = { voice: last.voice, text: `${last.text} ${turn.text}` };
    else turns.push({ voice: reader.voice, text: turn.text });
  }
  const first = turns[0];
  if (first === undefined) return { ok: true, voice: messageVoice, text: '', switched };
  const words = turns.map((turn) => turn.text).join(' ');
  return turns.length === 1 ? { ok: true, voice: first.voice, text: words, switched } : { ok: true, voice: first.voice, text: words, turns, switched };
}

/** Autocomplete suggestions: installed voices whose id, language or description contains what was typed. */
export function suggestVoices(voices: readonly VoiceInfo[], typed: string, limit = 25): { name: string; value: string }[] {
  const needle = typed.trim().toLowerCase();
  return voices
    .filter((v) => v.installed)
    .filter((v) => needle === '' || v.id.toLowerCase().includes(needle) || v.language.toLowerCase().includes(needle) || v.description.toLowerCase().includes(needle))
    .slice(0, limit)
    .map((v) => ({ name: truncate(`${v.id} (${v.language})`, 100), value: truncate(v.id, 100) }));
}

/** The /voice list text, within one Discord message. */
export function formatVoiceList(voices: readonly VoiceInfo[], maxLength = 1900): string {
  const installed = voices.filter((v) => v.installed);
  if (installed.length === 0) return 'No voices are installed. The bot owner can fetch some with `npm run models`.';
  const lines: string[] = [];
  let length = 0;
  for (const [index, v] of installed.entries()) {
    const line = `\`${v.id}\` ${v.language} - ${v.description}`.slice(0, 200);
    if (length + line.length + 1 > maxLength) {
      lines.push(`...and ${installed.length - index} more (type in /voice set to search).`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
