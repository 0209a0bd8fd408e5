import { DiscordjsError, DiscordjsErrorCodes, DiscordjsTypeError } from 'discord.js';
import { SpeechError } from '../generator/speech-request.ts';
import { SettingsValidationError } from '../storage/settings-validation.ts';
import { VoiceJoinError } from './voice/voice-connections.ts';

export const GENERIC_FAILURE = 'Something went wrong on my side. Please try again in a moment.';
export const BAD_OPTIONS = 'That command is missing an option or has one of the wrong type. Pick the command again from the list and fill in its options.';

/** discord.js's codes for an interaction option that is missing or of the wrong type. */
const OPTION_ERROR_CODES: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
]);

function isOptionError(error: unknown): boolean {
  return (error instanceof DiscordjsError || error instanceof DiscordjsTypeError) && OPTION_ERROR_CODES.has(error.code);
}

/** The sentence a user sees for an error: our own user-facing errors as they are, anything else generic. */
export function friendlyErrorMessage(error: unknown): string {
  // These three are written for users: the generator's, the voice connection's and the settings store's refusals.
  if (error instanceof SpeechError || error instanceof VoiceJoinError || error instanceof SettingsValidationError) return error.message;
  // discord.js throws these when a command arrives without a required option or with one of the wrong type (an
  // outdated command registration or a hand-made request): the user can fix that, so say what it is.
  if (isOptionError(error)) return BAD_OPTIONS;
  return GENERIC_FAILURE;
}
