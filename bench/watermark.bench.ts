/**
 * The AI-speech watermark (src/audio/watermark): its CPU cost per stream, how often it is found in 3 s pieces of the
 * bot's own speech after Opus at 32 and 64 kb/s, how often unmarked speech and noise are taken for marked, and how
 * audible it is (its loudness against the speech, and pocketsphinx's word error rate with and without it).
 *
 *   npm run bench -- watermark [--trials 300] [--false-trials 3000] [--wer on]
 *
 * Speech: EVERYDAY_SENTENCES read by neural:slt, flite:slt, flite:rms and espeak:en through the bot's pipeline, once
 * marked and once not (the same engine chunks). Pieces are random 3 s crops; unmarked pieces are checked both as made
 * and after Opus 32 kb/s; noise pieces are white and brown noise at random levels.
 */
import type { AudioChunk } from '../src/audio/audio-chunk.ts';
import { integratedLoudness } from '../src/audio/loudness-meter.ts';
import { collectPcm48k, processToPcm48k } from '../src/audio/pcm-pipeline.ts';
import { typicalVoiceLoudnessLufs } from '../src/audio/voice-loudness.ts';
import { detectWatermark } from '../src/audio/watermark/watermark-detector.ts';
import { WatermarkEmbedder } from '../src/audio/watermark/watermark-embedder.ts';
import { payloadForId } from '../src/audio/watermark/watermark-payload.ts';
import { createSpeechGenerator } from '../src/generator/create-speech-generator.ts';
import { opusRoundTrip, seededRandom } from '../test/audio/watermark/opus-round-trip.ts';
import { EVERYDAY_SENTENCES } from '../test/generator/neural/helpers/everyday-sentences.ts';
import { transcribe, wordErrorRate } from '../test/helpers/speech-recognition.ts';
import type { BenchOptions } from './lib/bench-args.ts';
import type { BenchSection } from './lib/bench-section.ts';

const voices = ['neural:slt', 'flite:slt', 'flite:rms', 'espeak:en'] as const;
const botId = '123456789012345678';
const pieceSamples = 3 * 48_000;

function numberOption(options: BenchOptions, name: string, fallback: number): number {
  const value = Number(options.get(name)?.at(-1));
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

async function* replay(chunks: readonly AudioChunk[]): AsyncGenerator<AudioChunk> {
  for (const chunk of chunks) yield chunk;
}

function render(chunks: readonly AudioChunk[], voice: string, watermark: boolean): Promise<Float32Array> {
  return collectPcm48k(processToPcm48k(replay(chunks), { expectedLoudnessLufs: typicalVoiceLoudnessLufs(voice), watermark, watermarkId: botId }));
}

/** CPU time of the embedder alone per second of 48 kHz audio, in 20 ms chunks as the pipeline feeds it. */
function embedderCpuPercent(speech: Float32Array): number {
  const embedder = new WatermarkEmbedder(payloadForId(botId));
  const work = speech.slice();
  embedder.process(work.subarray(0, 960));
  let audioSeconds = 0;
  const before = process.cpuUsage();
  for (let round = 0; round < 10; round++) {
    work.set(speech);
    for (let at = 0; at < work.length; at += 960) embedder.process(work.subarray(at, at + 960));
    audioSeconds += work.length / 48_000;
  }
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1e6 / audioSeconds) * 100;
}

function crop(samples: Float32Array, random: () => number): Float32Array {
  const start = Math.floor(random() * (samples.length - pieceSamples));
  return samples.subarray(start, start + pieceSamples);
}

/** Rule of three: with no hits in n trials, the rate is below 3/n with 95 % confidence. */
function rateText(hits: number, trials: number): string {
  const percent = (100 * hits) / trials;
  return hits === 0 ? `0 % (< ${(300 / trials).toFixed(2)} % at 95 %)` : `${percent.toFixed(2)} %`;
}

export default async function watermarkBench(options: BenchOptions): Promise<BenchSection> {
  const trials = numberOption(options, 'trials', 300);
  const falseTrials = numberOption(options, 'false-trials', 3000);
  const wer = options.get('wer')?.at(-1) !== 'off';
  const generator = await createSpeechGenerator({ workers: 1 });
  const marked = new Map<string, Float32Array>();
  const plain = new Map<string, Float32Array>();
  const sentenceChunks: AudioChunk[][] = [];
  try {
    for (const voice of voices) {
      const chunks: AudioChunk[] = [];
      for await (const chunk of generator.stream({ voice, text: EVERYDAY_SENTENCES.join(' ') })) chunks.push(chunk);
      marked.set(voice, await render(chunks, voice, true));
      plain.set(voice, await render(chunks, voice, false));
    }
    if (wer) {
      for (const text of EVERYDAY_SENTENCES) {
        const chunks: AudioChunk[] = [];
        for await (const chunk of generator.stream({ voice: 'neural:slt', text })) chunks.push(chunk);
        sentenceChunks.push(chunks);
      }
    }
  } finally {
    await generator.close();
  }
  const rows: Array<Record<string, string | number>> = [];
  const neural = marked.get('neural:slt') ?? new Float32Array(0);
  rows.push({ measure: 'embedder CPU per stream (% of one core)', value: embedderCpuPercent(neural).toFixed(3) });

  const expected = payloadForId(botId);
  for (const bitrate of [32_000, 64_000]) {
    const random = seededRandom(bitrate);
    const coded = new Map(voices.map((voice) => [voice, opusRoundTrip(marked.get(voice) ?? new Float32Array(0), bitrate)]));
    let found = 0;
    let payloadRight = 0;
    let lowest = Infinity;
    for (let t = 0; t < trials; t++) {
      const voice = voices[t % voices.length];
      const result = detectWatermark(crop(coded.get(voice) ?? new Float32Array(0), random));
      if (result.watermarked) found++;
      if (result.watermarked && result.payload === expected) payloadRight++;
      lowest = Math.min(lowest, result.score);
    }
    rows.push({ measure: `found in 3 s pieces after Opus ${bitrate / 1000} kb/s (${trials} pieces, 4 voices)`, value: `${((100 * found) / trials).toFixed(2)} %` });
    rows.push({ measure: `  payload right (same pieces)`, value: `${((100 * payloadRight) / trials).toFixed(2)} %` });
    rows.push({ measure: `  lowest score (threshold 6.5)`, value: lowest.toFixed(1) });
  }

  const random = seededRandom(99);
  const plainCoded = new Map(voices.map((voice) => [voice, opusRoundTrip(plain.get(voice) ?? new Float32Array(0), 32_000)]));
  let falseSpeech = 0;
  let highestSpeech = 0;
  const speechTrials = Math.ceil(falseTrials / 2);
  for (let t = 0; t < speechTrials; t++) {
    const voice = voices[t % voices.length];
    const source = t % 2 === 0 ? plain.get(voice) : plainCoded.get(voice);
    const result = detectWatermark(crop(source ?? new Float32Array(0), random));
    if (result.watermarked) falseSpeech++;
    highestSpeech = Math.max(highestSpeech, result.score);
  }
  let falseNoise = 0;
  let highestNoise = 0;
  const noiseTrials = falseTrials - speechTrials;
  for (let t = 0; t < noiseTrials; t++) {
    const level = 10 ** (-(10 + 50 * random()) / 20);
    let brown = 0;
    const noise = Float32Array.from({ length: pieceSamples }, () => {
      const white = (random() - 0.5) * 3.46;
      brown = 0.98 * brown + 0.2 * white;
      return level * (t % 2 === 0 ? white : brown);
    });
    const result = detectWatermark(noise);
    if (result.watermarked) falseNoise++;
    highestNoise = Math.max(highestNoise, result.score);
  }
  rows.push({ measure: `false positives, unmarked speech (${speechTrials} pieces: flite, espeak, neural; raw and Opus 32 kb/s)`, value: rateText(falseSpeech, speechTrials) });
  rows.push({ measure: '  highest score', value: highestSpeech.toFixed(1) });
  rows.push({ measure: `false positives, white and brown noise (${noiseTrials} pieces, -10 to -60 dBFS)`, value: rateText(falseNoise, noiseTrials) });
  rows.push({ measure: '  highest score', value: highestNoise.toFixed(1) });

  for (const voice of voices) {
    const withMark = marked.get(voice) ?? new Float32Array(0);
    const without = plain.get(voice) ?? new Float32Array(0);
    const mark = Float32Array.from(withMark, (v, n) => v - without[n]);
    const relative = integratedLoudness(mark, 48_000) - integratedLoudness(without, 48_000);
    rows.push({ measure: `mark loudness against the speech, ${voice} (LU)`, value: relative.toFixed(1) });
  }

  if (wer) {
    let withoutMark = 0;
    let withMark = 0;
    for (const [i, chunks] of sentenceChunks.entries()) {
      const text = EVERYDAY_SENTENCES[i];
      withoutMark += wordErrorRate(text, await transcribe(opusRoundTrip(await render(chunks, 'neural:slt', false), 64_000), 48_000)) / sentenceChunks.length;
      withMark += wordErrorRate(text, await transcribe(opusRoundTrip(await render(chunks, 'neural:slt', true), 64_000), 48_000)) / sentenceChunks.length;
    }
    rows.push({ measure: 'pocketsphinx WER, neural:slt, Opus 64 kb/s, without the mark', value: withoutMark.toFixed(3) });
    rows.push({ measure: 'pocketsphinx WER, neural:slt, Opus 64 kb/s, with the mark', value: withMark.toFixed(3) });
  }
  return {
    title: 'AI-speech watermark',
    rows,
    notes: [
      'Targets: found in >= 99 % of 3 s pieces after Opus 32 and 64 kb/s; false positives <= 0.1 %; CPU well under 0.2 % of a core per stream.',
      'Pieces are random 3 s crops of about 30 s per voice, so pieces of one voice overlap; the noise pieces are independent.',
    ],
  };
}
