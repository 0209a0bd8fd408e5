/**
 * Offline loudness measurement of a whole mono signal, for tests, the audio-quality bench and calibration:
 * ITU-R BS.1770-4 gated integrated loudness and EBU Tech 3342 loudness range. Not used on the live path (the
 * streaming normaliser keeps its own running estimate); pure functions over a finished signal.
 */
import { meanSquareToLufs } from './decibels.ts';
import { KWeightingFilter } from './k-weighting.ts';

/** BS.1770 gating: 400 ms blocks, 75 % overlap, -70 LUFS absolute gate, relative gate 10 LU below. */
const momentarySeconds = 0.4;
const hopSeconds = 0.1;
const absoluteGateLufs = -70;
const integratedRelativeGateLu = -10;
/** EBU Tech 3342: 3 s short-term windows, relative gate 20 LU below, range between the 10th and 95th percentile. */
const shortTermSeconds = 3;
const rangeRelativeGateLu = -20;

/** The K-weighted signal's squares, summed as a running total so any block's mean square costs two reads. */
function cumulativeKWeightedSquares(samples: Float32Array, sampleRate: number): Float64Array {
  const filter = new KWeightingFilter(sampleRate);
  const sums = new Float64Array(samples.length + 1);
  for (let i = 0; i < samples.length; i++) {
    const y = filter.step(samples[i]);
    sums[i + 1] = sums[i] + y * y;
  }
  return sums;
}

/** Mean squares of K-weighted blocks `blockSeconds` long every `hopSeconds`, whole blocks only. */
function blockMeanSquares(sums: Float64Array, sampleRate: number, blockSeconds: number): number[] {
  const length = sums.length - 1;
  const block = Math.round(blockSeconds * sampleRate);
  const hop = Math.round(hopSeconds * sampleRate);
  const out: number[] = [];
  for (let start = 0; start + block <= length; start += hop) out.push((sums[start + block] - sums[start]) / block);
  return out;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Gated integrated loudness (LUFS) of a mono signal as BS.1770-4 defines it. -Infinity when no 400 ms block is above
 * the absolute gate (silence, or a signal shorter than one block).
 */
export function integratedLoudness(samples: Float32Array, sampleRate: number): number {
  return integratedFromBlocks(blockMeanSquares(cumulativeKWeightedSquares(samples, sampleRate), sampleRate, momentarySeconds));
}

function integratedFromBlocks(blocks: readonly number[]): number {
  const aboveAbsolute = blocks.filter((z) => meanSquareToLufs(z) > absoluteGateLufs);
  if (aboveAbsolute.length === 0) return -Infinity;
  const relativeGate = meanSquareToLufs(mean(aboveAbsolute)) + integratedRelativeGateLu;
  const gated = aboveAbsolute.filter((z) => meanSquareToLufs(z) > relativeGate);
  return meanSquareToLufs(mean(gated));
}

/**
 * Loudness range (LU) after EBU Tech 3342: spread between the 10th and 95th percentiles of the gated 3 s short-term
 * loudness. 0 for signals shorter than one 3 s window, as ffmpeg's ebur128 reports them.
 */
export function loudnessRange(samples: Float32Array, sampleRate: number): number {
  return rangeFromBlocks(blockMeanSquares(cumulativeKWeightedSquares(samples, sampleRate), sampleRate, shortTermSeconds));
}

function rangeFromBlocks(blocks: readonly number[]): number {
  const aboveAbsolute = blocks.filter((z) => meanSquareToLufs(z) > absoluteGateLufs);
  if (aboveAbsolute.length === 0) return 0;
  const relativeGate = meanSquareToLufs(mean(aboveAbsolute)) + rangeRelativeGateLu;
  const gated = aboveAbsolute.map(meanSquareToLufs).filter((l) => l > relativeGate).sort((a, b) => a - b);
  const percentile = (p: number): number => gated[Math.min(gated.length - 1, Math.max(0, Math.round(p * (gated.length - 1))))];
  return percentile(0.95) - percentile(0.1);
}

/** Both figures at once (one K-weighting pass). */
export interface LoudnessMeasurement {
  /** BS.1770-4 gated integrated loudness, LUFS (-Infinity for silence). */
  readonly integratedLufs: number;
  /** EBU Tech 3342 loudness range, LU. */
  readonly rangeLu: number;
  /** Highest sample magnitude, dBFS. */
  readonly samplePeakDbfs: number;
}

export function measureLoudness(samples: Float32Array, sampleRate: number): LoudnessMeasurement {
  const sums = cumulativeKWeightedSquares(samples, sampleRate);
  const integratedLufs = integratedFromBlocks(blockMeanSquares(sums, sampleRate, momentarySeconds));
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  const rangeLu = rangeFromBlocks(blockMeanSquares(sums, sampleRate, shortTermSeconds));
  return { integratedLufs, rangeLu, samplePeakDbfs: 20 * Math.log10(peak) };
}
