import { TextRejectedError } from '../../text/text-limits.ts';
import { SPEECH_ERROR_CODES, SpeechError } from '../speech-request.ts';
import type { SpeechErrorCode } from '../speech-request.ts';
import type { SerializedSpeechError } from './protocol.ts';
import { parseVoiceId } from '../registry/voice-id.ts';

const codes: ReadonlySet<string> = new Set(SPEECH_ERROR_CODES);

/**
 * What crosses the thread boundary. SpeechError messages are meant for users and pass as they are, and so do the text
 * front end's refusals (empty, too long); anything else is an internal failure whose message may hold paths or stack
 * details, so users get a plain sentence instead.
 */
export function toSerializedError(error: unknown, engine: string): SerializedSpeechError {
  if (error instanceof SpeechError || error instanceof TextRejectedError) return { code: error.code, message: error.message };
  return { code: 'engine-failed', message: `The ${engine} voice engine failed to read this text. Please try again or pick another voice.` };
}

export function fromSerializedError(error: SerializedSpeechError): SpeechError {
  // A code this side does not know (a worker from another version) is still a failure to report, not a crash.
  const code: SpeechErrorCode = codes.has(error.code) ? error.code : 'engine-failed';
  return new SpeechError(code, error.message);
}

/** The engine part of a voice id for log fields and error texts; '?' when the id cannot even be parsed. */
export function engineOf(voice: unknown): string {
  try {
    return parseVoiceId(voice).engine;
  } catch {
    return '?';
  }
}
