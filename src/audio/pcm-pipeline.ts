/**
 * The float half of the pipeline as an async iterable: normalised, crossfaded, resampled, clipped 48 kHz mono.
 * The CLI writes this to WAV; tests inspect it directly. The Opus stream (opus-pipeline.ts) shares the same stages.
 */
import type { AudioChunk } from './audio-chunk.ts';
import { resolveAudioPipelineOptions } from './audio-pipeline-options.ts';
import type { AudioPipelineOptions } from './audio-pipeline-options.ts';
import { PcmSource } from './pcm-source.ts';
import { createAudioPipelineStats } from './pipeline-stats.ts';
import type { AudioPipelineStats } from './pipeline-stats.ts';
import { concatSamples } from './concat-samples.ts';

export interface Pcm48kStream extends AsyncIterable<Float32Array> {
  readonly stats: AudioPipelineStats;
}

/**
 * Blocks of 48 kHz mono float in [-1, 1], pulled from `source` on demand. Ends early, without error, when `signal`
 * aborts; the source iterator's return() is called whenever it is left unfinished. Bad settings throw an
 * AudioPipelineError here; bad chunks reject the iteration with one.
 */
export function processToPcm48k(source: AsyncIterable<AudioChunk>, options: Partial<AudioPipelineOptions> = {},
  signal?: AbortSignal): Pcm48kStream {
  const resolved = resolveAudioPipelineOptions(options);
  const stats = createAudioPipelineStats();
  async function* blocks(): AsyncGenerator<Float32Array, void, undefined> {
    const pcm = new PcmSource(source, resolved, stats, signal);
    try {
      for (;;) {
        const block = await pcm.next();
        if (block === null) return;
        stats.framesOut++;
        stats.firstFrameAt ??= performance.now();
        yield block;
      }
    } finally {
      pcm.close();
      stats.endedAt = performance.now();
    }
  }
  return Object.assign(blocks(), { stats });
}

/** Convenience for tests and the CLI: the whole utterance as one array. */
export async function collectPcm48k(stream: AsyncIterable<Float32Array>): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for await (const block of stream) parts.push(block);
  return concatSamples(parts);
}
