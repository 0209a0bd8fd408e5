import { AudioPipelineError } from '../audio/audio-pipeline-error.ts';
import { SpeechError } from '../generator/speech-request.ts';
import { SettingsValidationError } from '../storage/settings-validation.ts';
import { StorageError } from '../storage/sql-driver.ts';
import { VoiceJoinError } from './voice/voice-connections.ts';

/** Label values of tts_errors_total; a closed set so the metric's cardinality stays bounded. */
export type ErrorKind = 'generator' | 'audio' | 'voice' | 'storage' | 'command' | 'autoread' | 'playback';

/**
 * Which part of the bot an error came from, or null when it is the user's input being refused (a settings value
 * out of range), which is not a fault of the bot. `fallback` names the place it was caught.
 */
export function errorKind(error: unknown, fallback: ErrorKind): ErrorKind | null {
  if (error instanceof SpeechError) return 'generator';
  if (error instanceof AudioPipelineError) return 'audio';
  if (error instanceof VoiceJoinError) return 'voice';
  if (error instanceof SettingsValidationError) return null;
  if (error instanceof StorageError) return 'storage';
  return fallback;
}
