import { SpeechError } from '../speech-request.ts';
import type { SpeechErrorCode } from '../speech-request.ts';
import type { SerializedSpeechError } from './protocol.ts';
import { parseVoiceId } from '../registry/voice-id.ts';

const codes: ReadonlySet<string> = new Set<SpeechErrorCode>([
  'unknown-voice',
  'voice-not-installed',
  'invalid-parameter',
  'text-too-long',
  'empty-text',
  'worker-crashed',
  'aborted',
  'engine-failed',
]);

/** SpeechErrors may come from another copy of the module (engines load it too), so recognise them by shape. */
export function isSpeechError(error: unknown): error is SpeechError {
  return (
    error instanceof Error &&
    error.name === 'SpeechError' &&
    typeof (error as { code?: unknown }).code === 'string' &&
    codes.has((error as unknown as { code: string }).code)
  );
}

/**
 * What crosses the thread boundary. SpeechError messages are meant for users and pass as they are; anything else is an
 * internal failure whose message may hold paths or stack details, so users get a plain sentence instead.
 */
export function toSerializedError(error: unknown, engine: string): SerializedSpeechError {
  if (isSpeechError(error)) return { code: error.code, message: error.message };
  return { code: 'engine-failed', message: `The ${engine} voice engine failed to read this text. Please try again or pick another voice.` };
}

export function fromSerializedError(error: SerializedSpeechError): SpeechError {
  return new SpeechError(error.code, error.message);
}

/** The engine part of a voice id for log fields and error texts; '?' when the id cannot even be parsed. */
export function engineOf(voice: unknown): string {
  try {
    return parseVoiceId(voice).engine;
  } catch {
    return '?';
  }
}
