import type { AudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import type { SpeechGenerator } from '../generator/speech-generator.ts';
import { SpeechError } from '../generator/speech-request.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Loads the default voice in every generator worker and runs a phrase through the audio pipeline there, so the first
 * /say pays for neither model loading (about a second) nor the pipeline's first use (resampler, Opus encoder). Runs
 * beside the Discord login; a failure only makes the first request slower.
 */
export async function warmUpSpeech(
  generator: SpeechGenerator,
  defaultVoice: string,
  audio: AudioPipelineOptions,
  log: Logger,
): Promise<void> {
  const started = performance.now();
  try {
    await generator.warmUp?.([defaultVoice], audio);
    log.info({ voice: defaultVoice, ms: Math.round(performance.now() - started) }, 'default voice warmed up');
  } catch (error) {
    // Stopping the bot while it warms up cancels the warm-up: expected, not worth a warning.
    if (error instanceof SpeechError && error.code === 'aborted') {
      log.debug({ voice: defaultVoice }, 'warm-up cancelled by shutdown');
      return;
    }
    log.warn({ err: error, voice: defaultVoice }, 'warm-up failed; the first request will load the voice');
  }
}
