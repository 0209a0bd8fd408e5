/**
 * The audio pipeline alone (no speech generator): N simultaneous Opus streams of speech-like 22.05 kHz input,
 * run as fast as they go. CPU per stream is process CPU time over the audio time produced, as % of one core;
 * target <= 2 % at the default settings.
 */
import { createOpusStream } from '../src/audio/opus-pipeline.ts';
import type { AudioPipelineOptions } from '../src/audio/audio-pipeline-options.ts';
import { defaultAudioPipelineOptions } from '../src/audio/audio-pipeline-options.ts';
import type { AudioChunk } from '../src/audio/audio-chunk.ts';
import type { BenchSection } from './lib/bench-section.ts';
import { speechChunks, syntheticSpeech } from './lib/synthetic-speech.ts';

const inputRate = 22_050;
const audioSeconds = 10;

async function* replay(chunks: readonly AudioChunk[]): AsyncGenerator<AudioChunk> {
  for (const chunk of chunks) yield chunk;
}

interface Measurement {
  readonly cpuPerStreamPercent: number;
  readonly realtimeFactor: number;
  readonly peakRssMb: number;
  readonly firstFrameMs: number;
}

async function measure(streams: number, chunks: readonly AudioChunk[], options: Partial<AudioPipelineOptions>): Promise<Measurement> {
  let peakRss = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const firstFrames = await Promise.all(Array.from({ length: streams }, async () => {
    const stream = createOpusStream(replay(chunks), options);
    let frames = 0;
    for await (const _packet of stream) {
      if (++frames % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    return (stream.stats.firstFrameAt ?? Number.NaN) - stream.stats.startedAt;
  }));
  const cpu = process.cpuUsage(cpuBefore);
  const wall = (performance.now() - wallBefore) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    cpuPerStreamPercent: cpuSeconds / (streams * audioSeconds) * 100,
    realtimeFactor: streams * audioSeconds / wall,
    peakRssMb: peakRss / 1e6,
    firstFrameMs: firstFrames.reduce((a, b) => a + b, 0) / firstFrames.length,
  };
}

export default async function audioBench(): Promise<BenchSection> {
  const chunks = speechChunks(syntheticSpeech(inputRate, audioSeconds), inputRate, 0.3, 0.01);
  // Warm-up: JIT and the first libsamplerate module load are not what a long-running bot pays per stream.
  await measure(1, chunks.slice(0, 5), {});
  const configs: Array<{ streams: number; label: string; options: Partial<AudioPipelineOptions> }> = [
    { streams: 1, label: 'default', options: {} },
    { streams: 4, label: 'default', options: {} },
    { streams: 16, label: 'default', options: {} },
    { streams: 4, label: 'opus complexity 10', options: { opusComplexity: 10 } },
    { streams: 4, label: 'resampler medium', options: { resamplerQuality: 'medium' } },
  ];
  const rows: Array<Record<string, string | number>> = [];
  for (const { streams, label, options } of configs) {
    const m = await measure(streams, chunks, options);
    rows.push({
      streams,
      settings: label,
      'cpu %/stream': Number(m.cpuPerStreamPercent.toFixed(2)),
      'x realtime (all)': Number(m.realtimeFactor.toFixed(1)),
      'peak RSS MB': Number(m.peakRssMb.toFixed(0)),
      'first frame ms': Number(m.firstFrameMs.toFixed(1)),
    });
  }
  const d = defaultAudioPipelineOptions;
  return {
    title: `Audio pipeline: ${audioSeconds} s of speech-like ${inputRate} Hz input per stream`,
    rows,
    notes: [
      `default: Opus ${d.opusBitrate / 1000} kb/s complexity ${d.opusComplexity}, resampler ${d.resamplerQuality}, crossfade ${d.crossfadeSeconds * 1000} ms`,
      'cpu %/stream = process CPU time / (streams x audio time), % of one core (includes test-harness overhead); target <= 2 %',
      'first frame ms: from createOpusStream to the first packet, streams started together (so it grows with N)',
    ],
  };
}
