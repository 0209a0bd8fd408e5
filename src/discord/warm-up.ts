import type { AudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import { prewarmResamplers } from '../audio/streaming-resampler.ts';
import type { SpeechGenerator } from '../generator/speech-generator.ts';
import { SpeechError } from '../generator/speech-request.ts';
import type { Logger } from '../logging/logger.ts';

const DISCORD_SAMPLE_RATE = 48_000;
/** Two streams at once per rate is the common case (one playing, the next prefetched). */
const RESAMPLERS_READY = 2;

/**
 * Loads the default voice in every generator worker and creates the resamplers its sample rate needs, so the first
 * /say pays neither (about a second of model loading, and ~25 ms per resampler on the main thread, which would also
 * delay other guilds' voice packets). Runs beside the Discord login; a failure only makes the first request slower.
 */
export async function warmUpSpeech(
  generator: SpeechGenerator,
  defaultVoice: string,
  audio: Pick<AudioPipelineOptions, 'resamplerQuality'>,
  log: Logger,
): Promise<void> {
  const started = performance.now();
  try {
    const voice = (await generator.listVoices()).find((v) => v.id === defaultVoice);
    if (voice) await prewarmResamplers(voice.sampleRate, DISCORD_SAMPLE_RATE, audio.resamplerQuality, RESAMPLERS_READY);
    await generator.warmUp?.([defaultVoice]);
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
