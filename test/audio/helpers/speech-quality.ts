/**
 * Measurements of how the pipeline treats real speech, shared by test/audio/speech-quality.test.ts and
 * `npm run bench -- audio-quality`: gain against the source in 100 ms windows, leading/trailing silence, and the
 * largest sample step and spectral-flux jump at chunk joins against the signal's own neighbourhood.
 */
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { createFft } from '../../../src/audio/fft.ts';

export const outputRate = 48_000;

/** Mean squares of consecutive windows of `length` samples from `start` (whole windows only). */
function windowPowers(x: Float32Array, start: number, length: number): number[] {
  const out: number[] = [];
  for (let from = start; from + length <= x.length; from += length) {
    let sum = 0;
    for (let i = from; i < from + length; i++) sum += x[i] * x[i];
    out.push(sum / length);
  }
  return out;
}

export interface GainProfile {
  /** Gain of the output against the source (dB) in each 100 ms window of speech, in order. */
  readonly windowsDb: readonly number[];
  /** The message's steady gain: the median window gain. */
  readonly steadyDb: number;
  /** First speech window's gain minus the steady gain. */
  readonly onsetErrorDb: number;
  /** Largest distance of any window from the steady gain. */
  readonly maxDeviationDb: number;
}

/**
 * Gain of `output` against `reference` (both 48 kHz; output[i] belongs with reference[i + offset]) in 100 ms windows
 * whose reference level is within `speechRangeDb` of the loudest window: pauses are left out, their ratio is noise.
 * The reference should have been through the same resampler, so the gain is the level stages' alone.
 */
export function gainProfile(reference: Float32Array, output: Float32Array, offset: number,
  windowSeconds = 0.1, speechRangeDb = 30): GainProfile {
  const length = Math.round(windowSeconds * outputRate);
  const ref = windowPowers(reference, offset, length);
  const out = windowPowers(output, 0, length);
  const loudest = Math.max(...ref);
  const floor = loudest * 10 ** (-speechRangeDb / 10);
  const windowsDb: number[] = [];
  for (let k = 0; k < Math.min(ref.length, out.length); k++) {
    if (ref[k] > floor && out[k] > 0) windowsDb.push(10 * Math.log10(out[k] / ref[k]));
  }
  if (windowsDb.length === 0) return { windowsDb, steadyDb: Number.NaN, onsetErrorDb: Number.NaN, maxDeviationDb: Number.NaN };
  const sorted = [...windowsDb].sort((a, b) => a - b);
  const steadyDb = sorted[sorted.length >> 1];
  return {
    windowsDb,
    steadyDb,
    onsetErrorDb: windowsDb[0] - steadyDb,
    maxDeviationDb: Math.max(...windowsDb.map((g) => Math.abs(g - steadyDb))),
  };
}

/** Seconds before the first sample within `relativeDb` of the peak (the signal's own scale, not an absolute level). */
export function leadingSilenceSeconds(x: Float32Array, sampleRate = outputRate, relativeDb = -35): number {
  const threshold = peakOf(x) * 10 ** (relativeDb / 20);
  let i = 0;
  while (i < x.length && Math.abs(x[i]) < threshold) i++;
  return i / sampleRate;
}

/** Seconds after the last sample within `relativeDb` of the peak; `ignoreLast` samples at the end are not looked at. */
export function trailingSilenceSeconds(x: Float32Array, sampleRate = outputRate, relativeDb = -35): number {
  const threshold = peakOf(x) * 10 ** (relativeDb / 20);
  let i = x.length - 1;
  while (i >= 0 && Math.abs(x[i]) < threshold) i--;
  return (x.length - 1 - i) / sampleRate;
}

function peakOf(x: Float32Array): number {
  let p = 0;
  for (const v of x) p = Math.max(p, Math.abs(v));
  return p;
}

/** Longest stretch (s) inside the signal (between the first and last sound) with nothing within `relativeDb` of the peak. */
export function longestInnerPauseSeconds(x: Float32Array, sampleRate: number, relativeDb = -35): number {
  const threshold = peakOf(x) * 10 ** (relativeDb / 20);
  let longest = 0;
  let last = -1;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) < threshold) continue;
    if (last >= 0) longest = Math.max(longest, i - last - 1);
    last = i;
  }
  return longest / sampleRate;
}

/** Where each chunk's new audio starts in the joined signal (sample index at the chunk rate), after the first. */
export function joinPositions(chunks: readonly AudioChunk[]): number[] {
  const joins: number[] = [];
  let at = 0;
  for (const [k, chunk] of chunks.entries()) {
    if (k > 0) joins.push(at);
    at += chunk.samples.length - chunk.overlap;
  }
  return joins;
}

export interface JoinReport {
  /** Per join: largest |x[i] - x[i-1]| in the join region over the largest in the 10 ms either side of it. */
  readonly stepRatios: readonly number[];
  /**
   * The same ratio at every 2.5 ms of the signal away from the joins (more than 20 ms from any): how large it gets
   * where there is no join. A join is no louder than the signal's own steps when its ratio stays within these.
   */
  readonly ownStepRatios: readonly number[];
  /** Per join: spectral flux at the join over the median flux of the 50 ms either side. */
  readonly fluxRatios: readonly number[];
}

/**
 * Steps and spectral change at `joins` (sample positions in x; the blend, if any, lies in the `regionBefore` samples
 * before each). A click shows as a step larger than the signal makes on its own nearby (ratio > 1) and as a flux spike.
 * Places in near-silence (quieter than `floorDb` re the peak) are left out: any ratio there is noise.
 */
export function joinReport(x: Float32Array, sampleRate: number, joins: readonly number[], regionBefore: number,
  floorDb = -40): JoinReport {
  const margin = Math.max(2, Math.round(0.0005 * sampleRate));
  const side = Math.round(0.01 * sampleRate);
  const floor = peakOf(x) * 10 ** (floorDb / 20);
  const flux = spectralFlux(x, sampleRate);
  const ratioAt = (from: number, to: number): number | null => {
    if (from - side < 1 || to + side > x.length) return null;
    if (peakOf(x.subarray(from - side, to + side)) < floor) return null;
    const around = Math.max(largestStep(x, from - side, from), largestStep(x, to, to + side));
    return largestStep(x, from, to) / Math.max(around, 1e-9);
  };
  const stepRatios: number[] = [];
  const fluxRatios: number[] = [];
  for (const join of joins) {
    const from = join - regionBefore - margin;
    const to = join + margin;
    const ratio = ratioAt(from, to);
    if (ratio === null) continue;
    stepRatios.push(ratio);
    fluxRatios.push(flux.ratioAt(from, to));
  }
  const ownStepRatios: number[] = [];
  const away = Math.round(0.02 * sampleRate) + regionBefore;
  for (let at = side + 1; at + side < x.length; at += Math.round(0.0025 * sampleRate)) {
    if (joins.some((join) => Math.abs(join - at) < away)) continue;
    const ratio = ratioAt(at - regionBefore - margin, at + margin);
    if (ratio !== null) ownStepRatios.push(ratio);
  }
  return { stepRatios, ownStepRatios, fluxRatios };
}

function largestStep(x: Float32Array, from: number, to: number): number {
  let m = 0;
  for (let i = Math.max(1, from); i < to; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
  return m;
}

/**
 * Half-wave rectified spectral flux of 5.8 ms (Hann) frames every 1.45 ms: how much new energy each frame adds
 * over the one before. `ratioAt` compares the frames touching [from, to) with the median of the 50 ms either side.
 */
function spectralFlux(x: Float32Array, sampleRate: number): { ratioAt(from: number, to: number): number } {
  const size = 2 ** Math.round(Math.log2(0.0058 * sampleRate));
  const hop = size / 4;
  const fft = createFft(size);
  const window = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos(2 * Math.PI * i / size));
  const frames = Math.max(0, Math.floor((x.length - size) / hop) + 1);
  const flux = new Float64Array(frames);
  let previous = new Float64Array(size / 2);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < size; i++) {
      re[i] = x[f * hop + i] * window[i];
      im[i] = 0;
    }
    fft(re, im);
    const mags = new Float64Array(size / 2);
    let sum = 0;
    for (let k = 0; k < size / 2; k++) {
      mags[k] = Math.hypot(re[k], im[k]);
      if (f > 0) sum += Math.max(0, mags[k] - previous[k]);
    }
    flux[f] = sum;
    previous = mags;
  }
  const neighbourhood = Math.round(0.05 * sampleRate / hop);
  return {
    ratioAt(from: number, to: number): number {
      const first = Math.max(1, Math.floor((from - size) / hop) + 1);
      const last = Math.min(frames - 1, Math.floor(to / hop));
      let atJoin = 0;
      for (let f = first; f <= last; f++) atJoin = Math.max(atJoin, flux[f]);
      const around: number[] = [];
      for (let f = Math.max(1, first - neighbourhood); f < first; f++) around.push(flux[f]);
      for (let f = last + 1; f <= Math.min(frames - 1, last + neighbourhood); f++) around.push(flux[f]);
      around.sort((a, b) => a - b);
      const median = around.length > 0 ? around[around.length >> 1] : 0;
      return atJoin / Math.max(median, 1e-12);
    },
  };
}
