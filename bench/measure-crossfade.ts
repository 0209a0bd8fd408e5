/**
 * Manual measurement, not a bench section: does choosing the crossfade at each chunk join from the signal (short at
 * an onset, whole pitch periods in voiced sound, the whole overlap otherwise) beat the fixed 10 ms fade? Real
 * neural:slt output (flite + the shipped HiFi-GAN), streamed in chunks, against the same sentence vocoded in one go:
 *   node bench/measure-crossfade.ts
 * Per join strategy and chunk plan: the error against the one-go vocoding around the joins (SNR), and the largest
 * sample step and spectral-flux jump at each join divided by the one-go signal's at the same place (1 = the join
 * adds nothing). Result (2026-12-02) in README "Audio quality": with the shipped plan (16 context frames) every
 * strategy, a hard cut included, is the one-go signal to 108+ dB, so the fixed fade stays.
 */
import type { AudioChunk } from '../src/audio/audio-chunk.ts';
import { createEngine } from '../src/generator/neural/index.ts';
import type { ChunkPlan } from '../src/generator/voice-engine.ts';
import { engineOptions } from '../test/generator/neural/helpers/fixtures.ts';
import { EVERYDAY_SENTENCES } from '../test/generator/neural/helpers/everyday-sentences.ts';
import { joinPositions, joinReport } from '../test/audio/helpers/speech-quality.ts';

const rate = 22_050;
/** Fade length (samples, at most the overlap) for a join, from the previous chunk's view and the incoming one. */
type FadeChooser = (previous: Float32Array, incoming: Float32Array) => number;

function meanSquare(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  return sum / Math.max(1, to - from);
}

/** Strongest normalised autocorrelation lag in [minLag, maxLag] if it is clearly periodic (> 0.6), else 0. */
function pitchPeriod(x: Float32Array, minLag: number, maxLag: number): number {
  let best = 0;
  let bestLag = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    let product = 0;
    let e1 = 0;
    let e2 = 0;
    for (let i = 0; i + lag < x.length; i++) {
      product += x[i] * x[i + lag];
      e1 += x[i] * x[i];
      e2 += x[i + lag] * x[i + lag];
    }
    const r = product / Math.sqrt(e1 * e2 + 1e-20);
    if (r > best) {
      best = r;
      bestLag = lag;
    }
  }
  return best > 0.6 ? bestLag : 0;
}

const signalChosen: FadeChooser = (previous, incoming) => {
  const o = incoming.length;
  const quarter = Math.max(1, o >> 2);
  // Onset: the incoming end of the overlap is far louder than its start - keep the blend short so it stays crisp.
  if (meanSquare(incoming, o - quarter, o) > 4 * meanSquare(previous, 0, quarter) + 1e-12) return Math.min(o, Math.round(0.001 * rate));
  const period = pitchPeriod(previous, Math.round(0.0025 * rate), Math.min(Math.round(0.0125 * rate), o >> 1));
  return period > 0 ? Math.floor(o / period) * period : o;
};
const fixed = (length: number): FadeChooser => (_previous, incoming) => Math.min(length, incoming.length);

/** Joins chunks as the Crossfader does, but with the blend length chosen per join (end-aligned at the join). */
function join(chunks: readonly AudioChunk[], choose: FadeChooser): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.samples.length - c.overlap, 0));
  let end = 0;
  for (const chunk of chunks) {
    const o = Math.min(chunk.overlap, end);
    if (o > 0) {
      const previous = out.subarray(end - o, end);
      const incoming = chunk.samples.subarray(0, o);
      const length = Math.max(0, Math.min(o, choose(previous, incoming)));
      for (let i = 0; i < length; i++) {
        const w = (i + 0.5) / length;
        const k = o - length + i;
        previous[k] = previous[k] * (1 - w) + incoming[k] * w;
      }
    }
    out.set(chunk.samples.subarray(chunk.overlap), end);
    end += chunk.samples.length - chunk.overlap;
  }
  return out;
}

const engine = await createEngine(engineOptions());
async function synthesize(text: string, chunkPlan: ChunkPlan): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of engine.synthesize({ text, voice: 'neural:slt', voiceName: 'slt', chunkPlan }, new AbortController().signal)) chunks.push(chunk);
  return chunks;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
const oneGo: ChunkPlan = { firstChunkFrames: 100_000, chunkFrames: 100_000, contextFrames: 16, overlapSeconds: 0 };
try {
  for (const [contextFrames, overlapSeconds] of [[16, 0.01], [16, 0.03], [4, 0.03], [2, 0.03]] as const) {
    const plan: ChunkPlan = { firstChunkFrames: 20, chunkFrames: 128, contextFrames, overlapSeconds, growth: 2 };
    const overlap = Math.round(overlapSeconds * rate);
    const strategies: Record<string, FadeChooser> = { 'hard cut': fixed(0), 'fixed 10 ms': fixed(Math.round(0.01 * rate)), 'whole overlap': fixed(overlap), 'signal-chosen': signalChosen };
    const results = new Map<string, { snr: number[]; step: number[]; flux: number[] }>();
    for (const text of EVERYDAY_SENTENCES.slice(0, 6)) {
      const chunks = await synthesize(text, plan);
      const [whole] = await synthesize(text, oneGo);
      const joins = joinPositions(chunks);
      for (const [name, choose] of Object.entries(strategies)) {
        const joined = join(chunks, choose);
        const entry = results.get(name) ?? { snr: [], step: [], flux: [] };
        for (const position of joins) {
          let error = 0;
          let signal = 0;
          for (let i = position - overlap - 50; i < position + 50; i++) {
            error += (joined[i] - whole.samples[i]) ** 2;
            signal += whole.samples[i] ** 2;
          }
          entry.snr.push(10 * Math.log10(signal / Math.max(error, 1e-30)));
          const here = joinReport(joined, rate, [position], overlap);
          const reference = joinReport(whole.samples, rate, [position], overlap);
          if (here.stepRatios.length === 1 && reference.stepRatios.length === 1) {
            entry.step.push(here.stepRatios[0] / reference.stepRatios[0]);
            entry.flux.push(here.fluxRatios[0] / reference.fluxRatios[0]);
          }
        }
        results.set(name, entry);
      }
    }
    console.log(`context ${contextFrames} frames, overlap ${overlapSeconds * 1000} ms (${results.get('hard cut')?.snr.length ?? 0} joins):`);
    for (const [name, r] of results) {
      console.log(`  ${name.padEnd(14)} SNR vs one go median ${median(r.snr).toFixed(1)} dB, worst ${Math.min(...r.snr).toFixed(1)} dB; ` +
        `step / one-go worst ${Math.max(...r.step).toFixed(2)}, median ${median(r.step).toFixed(2)}; ` +
        `flux / one-go worst ${Math.max(...r.flux).toFixed(2)}, median ${median(r.flux).toFixed(2)}`);
    }
  }
} finally {
  await engine.close();
}
