import type { AudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import { createOpusStream } from '../audio/opus-pipeline.ts';
import { resolveAudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import type { OpusStreamFactory } from '../playback/voice-audio-output.ts';

/**
 * The bot's Opus encoder: src/audio's streaming pipeline (normalise, crossfade, resample, clip, Opus) bound to our
 * factory shape. Options are checked here, once, so a bad setting stops start-up instead of every utterance.
 * The returned streams carry the pipeline's `stats` (clipped samples, first frame time), which the output reports.
 */
export function createOpusEncoder(options: Partial<AudioPipelineOptions> = {}): OpusStreamFactory {
  const resolved = resolveAudioPipelineOptions(options);
  return (source, signal) => createOpusStream(source, resolved, signal);
}

