import { SpeechError } from '../generator/speech-request.ts';
import { VoiceJoinError } from './voice/voice-connections.ts';

export const GENERIC_FAILURE = 'Something went wrong on my side. Please try again in a moment.';
export const BAD_OPTIONS = 'That command is missing an option or has one of the wrong type. Pick the command again from the list and fill in its options.';

function isOptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('CommandInteractionOption');
}

/** The sentence a user sees for an error: our own user-facing errors as they are, anything else generic. */
export function friendlyErrorMessage(error: unknown): string {
  if (error instanceof SpeechError || error instanceof VoiceJoinError) return error.message;
  // The store's validation errors are written for users (src/storage/settings-validation.ts).
  if (error instanceof Error && error.name === 'SettingsValidationError') return error.message;
  // discord.js throws these when a command arrives without a required option or with one of the wrong type (an
  // outdated command registration or a hand-made request): the user can fix that, so say what it is.
  if (isOptionError(error)) return BAD_OPTIONS;
  return GENERIC_FAILURE;
}
