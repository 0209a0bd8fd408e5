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
import { StreamingResampler } from '../src/audio/streaming-resampler.ts';
import { OpusFrameEncoder } from '../src/audio/opus-frame-encoder.ts';
import { FramePacker } from '../src/audio/frame-packer.ts';

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

/**
 * CPU % of one core per stream for the two library stages alone (Speex resampling and libopus encoding of
 * the same input), best of a few runs: the floor under the pipeline figure that our own code cannot go below.
 */
async function libraryFloorPercent(input: Float32Array): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const resampler = await StreamingResampler.create(inputRate, 48_000, defaultAudioPipelineOptions.resamplerQuality);
    const encoder = new OpusFrameEncoder({ bitrate: defaultAudioPipelineOptions.opusBitrate,
      complexity: defaultAudioPipelineOptions.opusComplexity });
    const packer = new FramePacker();
    const frames: Buffer[] = [];
    const before = process.cpuUsage();
    for (let i = 0; i < input.length; i += 2_205) frames.push(...packer.push(resampler.process(input.subarray(i, i + 2_205))));
    for (const frame of frames) encoder.encode(frame);
    const cpu = process.cpuUsage(before);
    resampler.release();
    encoder.release();
    best = Math.min(best, (cpu.user + cpu.system) / 1e6 / audioSeconds * 100);
  }
  return best;
}

export default async function audioBench(): Promise<BenchSection> {
  // Input generation is outside every measured interval; timed here only so the report can show it is not counted.
  const generationBefore = process.cpuUsage();
  const input = syntheticSpeech(inputRate, audioSeconds);
  const chunks = speechChunks(input, inputRate, 0.3, 0.01);
  const generation = process.cpuUsage(generationBefore);
  const generationMs = (generation.user + generation.system) / 1000;
  // Warm-up: JIT and the first resampler module load are not what a long-running bot pays per stream.
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
  const floor = await libraryFloorPercent(input);
  const d = defaultAudioPipelineOptions;
  return {
    title: `Audio pipeline: ${audioSeconds} s of speech-like ${inputRate} Hz input per stream`,
    rows,
    notes: [
      `default: Opus ${d.opusBitrate / 1000} kb/s complexity ${d.opusComplexity}, resampler ${d.resamplerQuality}, crossfade ${d.crossfadeSeconds * 1000} ms`,
      'cpu %/stream = process CPU time / (streams x audio time), % of one core (includes test-harness overhead); target <= 2 %',
      'first frame ms: from createOpusStream to the first packet, streams started together (so it grows with N)',
      `library floor: Speex resampler + libopus alone on the same input = ${floor.toFixed(2)} %/stream (best of 3); the rest of cpu %/stream is our DSP, stream plumbing and the harness`,
      `input generation (synthetic speech, once, not counted above): ${generationMs.toFixed(0)} ms CPU`,
    ],
  };
}
