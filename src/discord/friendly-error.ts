import { SpeechError } from '../generator/speech-request.ts';
import { VoiceJoinError } from './voice/voice-connections.ts';

export const GENERIC_FAILURE = 'Something went wrong on my side. Please try again in a moment.';

/** The sentence a user sees for an error: our own user-facing errors as they are, anything else generic. */
export function friendlyErrorMessage(error: unknown): string {
  if (error instanceof SpeechError || error instanceof VoiceJoinError) return error.message;
  // The store's validation errors are written for users (src/storage/settings-validation.ts).
  if (error instanceof Error && error.name === 'SettingsValidationError') return error.message;
  return GENERIC_FAILURE;
}
