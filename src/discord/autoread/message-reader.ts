import type { SpeechTurn, VoiceInfo } from '../../generator/speech-request.ts';
import type { GuildSettings } from '../../storage/settings-store.ts';
import { announceName, capLength } from '../../text/discord/index.ts';
import { speakersForText, voiceForText } from '../speech-choice.ts';

/** Who reads an auto-read message: one voice, or speaker turns from the member's `[engine:voice]` markup. */
export interface MessageReader {
  readonly voice: string;
  readonly text: string;
  readonly turns?: readonly SpeechTurn[];
}

/**
 * Who reads `text`: with `speakers` (the member opted in) its `[engine:voice]` markup is resolved exactly as /say
 * resolves it (unknown or uninstalled voices refused by name, the turn limit, each turn's language rules); without,
 * the brackets are words and one voice reads it all. The refusal is a sentence for the log: auto-read answers with 🔇.
 */
export function messageReader(
  text: string,
  chosenVoice: string,
  speakers: boolean,
  voices: readonly VoiceInfo[],
  guild: Pick<GuildSettings, 'voice' | 'languageFallback' | 'languageVoices'>,
  defaultVoice: string,
): { readonly ok: true; readonly reader: MessageReader } | { readonly ok: false; readonly message: string } {
  if (speakers) {
    const resolved = speakersForText(text, chosenVoice, voices, guild, defaultVoice);
    if (!resolved.ok) return resolved;
    return { ok: true, reader: { voice: resolved.voice, text: resolved.text, ...(resolved.turns ? { turns: resolved.turns } : {}) } };
  }
  const single = voiceForText(chosenVoice, text, voices, guild, defaultVoice);
  return single.ok ? { ok: true, reader: { voice: single.voice, text } } : single;
}

/** The text spoken before a message when names are announced: "Alice said, hello". */
export function withAnnouncement(displayName: string, text: string): string {
  return `${announceName(displayName)}, ${text}`;
}

/** Room below which a turn that crosses the limit is not started: it could not hold a word and ", and so on". */
const SHORTEST_CUT_TURN = 16;

/**
 * Turns cut to at most `maxLength` characters of spoken text (turns joined by one space, as the request's `text`):
 * whole turns while they fit, the one that crosses the limit cut with capLength ("and so on"), the rest dropped. When
 * too little room is left to start that turn, the previous one ends with "and so on" instead.
 */
function capTurns(turns: readonly SpeechTurn[], maxLength: number): SpeechTurn[] {
  const kept: SpeechTurn[] = [];
  let room = maxLength;
  for (const turn of turns) {
    const separator = kept.length === 0 ? 0 : 1;
    if (separator + turn.text.length <= room) {
      kept.push(turn);
      room -= separator + turn.text.length;
      continue;
    }
    const previous = kept.at(-1);
    if (previous !== undefined && room - separator < SHORTEST_CUT_TURN) {
      // Made longer than its room with a filler word (no spaces, so none of it survives the cut at a space), so
      // capLength cuts it and says so; no word of the next speaker ends up in this voice.
      const filler = '…'.repeat(room + 1);
      kept[kept.length - 1] = { voice: previous.voice, text: capLength(`${previous.text} ${filler}`, previous.text.length + room) };
    } else if (room - separator >= 1) {
      kept.push({ voice: turn.voice, text: capLength(turn.text, room - separator) });
    }
    break;
  }
  return kept;
}

/**
 * The request fields of an auto-read message, with the "Alice said" announcement when `displayName` is given. The
 * announcement is read by the first speaker (as one voice reads all of a one-voice message) and counts against the
 * length limit like the message itself: the generator refuses anything longer, and in auto-read nobody would hear why.
 */
export function announcedSpeech(reader: MessageReader, displayName: string | null, maxLength: number): MessageReader {
  const turns = reader.turns;
  if (turns === undefined || turns.length < 2) {
    return { voice: reader.voice, text: displayName === null ? reader.text : capLength(withAnnouncement(displayName, reader.text), maxLength) };
  }
  const announced = displayName === null ? turns : [{ voice: turns[0].voice, text: withAnnouncement(displayName, turns[0].text) }, ...turns.slice(1)];
  const kept = capTurns(announced, maxLength);
  const text = kept.map((turn) => turn.text).join(' ');
  return kept.length > 1 ? { voice: kept[0].voice, text, turns: kept } : { voice: kept[0].voice, text };
}
