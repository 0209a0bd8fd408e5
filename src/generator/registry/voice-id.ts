import { splitVoiceId } from '../../limits/speech-limits.ts';
import { safeDisplayText } from '../../text/control-characters.ts';
import { SpeechError } from '../speech-request.ts';

export interface ParsedVoiceId {
  /** Lower-case engine name, e.g. `piper`. */
  readonly engine: string;
  /** Everything after the first colon, as typed (voice names are case-sensitive file names for some engines). */
  readonly voiceName: string;
}

/**
 * Makes user input safe to quote in a message: no terminal escapes, control or bidi characters (the same cleaning as
 * every reply), one line, bounded length.
 */
export function quoteForMessage(input: string): string {
  const cleaned = safeDisplayText(input).replace(/\s+/gu, ' ').trim();
  return cleaned.length > 60 ? `${cleaned.slice(0, 57)}...` : cleaned;
}

/** Splits `engine:voice` into its parts, or throws SpeechError('unknown-voice') saying what a voice id looks like. */
export function parseVoiceId(id: unknown): ParsedVoiceId {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new SpeechError('unknown-voice', 'No voice was given. Voice ids look like engine:voice, e.g. neural:slt.');
  }
  const trimmed = id.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0 || colon === trimmed.length - 1) {
    throw new SpeechError(
      'unknown-voice',
      `"${quoteForMessage(trimmed)}" is not a voice id. Voice ids look like engine:voice, e.g. neural:slt or piper:en_US-lessac-medium.`,
    );
  }
  // The form itself is the one in src/limits (settings and DEFAULT_VOICE check the same); this adds the messages.
  const parsed = splitVoiceId(trimmed);
  if (!parsed) {
    throw new SpeechError(
      'unknown-voice',
      `"${quoteForMessage(trimmed)}" is not a voice id: use letters, digits, "_", "-", "." and one colon, e.g. neural:slt.`,
    );
  }
  return parsed;
}

/** The id users type for an engine's voice: `piper` + `en_US-lessac-medium` -> `piper:en_US-lessac-medium`. */
export function formatVoiceId(engine: string, voiceName: string): string {
  return `${engine}:${voiceName}`;
}
