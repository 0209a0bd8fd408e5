/**
 * Finds the AI-speech watermark (watermark-embedder.ts) in 48 kHz mono audio and reads its payload. Pure: samples in,
 * a verdict out; the CLI (src/cli/watermark-cli.ts) reads files and resamples.
 *
 * Per window of up to 5.5 s: pre-emphasise and keep 1-5 kHz (the carrier band), divide by the local level so loud
 * and quiet stretches weigh alike (the mark follows the speech's level, so this equalises its share everywhere), fold
 * the result onto one carrier period and correlate circularly with the sync carrier: the peak's lag says where the
 * carrier period starts, its height over the correlation's own spread (a z score) says whether a mark is there at
 * all. At that lag the data carrier's correlation per 43 ms block gives the soft codeword, decoded to the payload.
 * Gain does not matter (everything is normalised), nor polarity (the sign of the peak is used).
 */
import { fftOfSize, inverseFft } from './fft.ts';
import { bandHighHz, bandLowHz, blockLength, blocksPerPeriod, carrierPeriod, preEmphasis, watermarkCarriers,
  watermarkSampleRate } from './watermark-carrier.ts';
import { decodePayload, formatPayload } from './watermark-payload.ts';

const windowLength = 1 << 18;
const windowHop = 1 << 17;
/** Local level for the weighting: RMS over this many samples (20 ms). */
const levelSamples = 960;
/** Stretches quieter than this fraction of the window's RMS (-40 dB) weigh as if they were this loud. */
const levelFloor = 0.01;
/**
 * Sync z score at or above which a window counts as marked. Unmarked speech and noise: the largest of the 2^17 lags
 * of a window stays under about 5.3 (the correlation is band-limited, so far fewer than 2^17 lags are independent);
 * see bench/watermark.bench.ts for the measured false-positive rate.
 */
export const detectionThreshold = 6.5;

export interface WatermarkDetection {
  readonly watermarked: boolean;
  /** The strongest window's sync z score. */
  readonly score: number;
  /** 0..1: how unlikely the score is for unmarked audio (1 - a bound on the chance of an unmarked window scoring it). */
  readonly confidence: number;
  /** Decoded payload of the strongest window (meaningful when watermarked). */
  readonly payload: number;
  readonly payloadText: string;
  /** How clearly the payload won over the runner-up codeword (0 = a tie). */
  readonly payloadMargin: number;
  /** Start of the strongest window (s). */
  readonly atSeconds: number;
}

interface WindowResult {
  readonly score: number;
  readonly payload: number;
  readonly margin: number;
}

/** Looks for the mark in 48 kHz mono samples of any length (shorter than a carrier period finds less). */
export function detectWatermark(samples: Float32Array): WatermarkDetection {
  let best: WindowResult = { score: 0, payload: 0, margin: 0 };
  let bestStart = 0;
  for (let start = 0; ; start += windowHop) {
    const result = analyseWindow(samples.subarray(start, start + windowLength));
    if (result.score > best.score) {
      best = result;
      bestStart = start;
    }
    if (start + windowLength >= samples.length) break;
  }
  return {
    watermarked: best.score >= detectionThreshold,
    score: best.score,
    confidence: confidenceOf(best.score),
    payload: best.payload,
    payloadText: formatPayload(best.payload),
    payloadMargin: best.margin,
    atSeconds: bestStart / watermarkSampleRate,
  };
}

/** 1 - (lags searched) x (two-sided Gaussian tail at z): a conservative bound, floored at 0. */
function confidenceOf(z: number): number {
  return Math.max(0, 1 - carrierPeriod * gaussianTail(z) * 2);
}

/** P(N(0,1) > z), Abramowitz-Stegun 7.1.26 through erfc; ample for a confidence figure. */
function gaussianTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.327_591_1 * x);
  const poly = t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
  const tail = 0.5 * poly * Math.exp(-x * x);
  return z >= 0 ? tail : 1 - tail;
}

function analyseWindow(window: Float32Array): WindowResult {
  const weighted = whitenedAndLevelled(window);
  const { sync, data } = watermarkCarriers();
  const p = carrierPeriod;
  // Fold onto one period and correlate with the sync template in the frequency domain.
  const re = new Float64Array(p);
  const im = new Float64Array(p);
  for (let n = 0; n < weighted.length; n++) re[n & (p - 1)] += weighted[n];
  fftOfSize(p)(re, im);
  for (let k = 0; k < p; k++) {
    const a = re[k];
    const b = im[k];
    // (a + ib) * conj(t)
    re[k] = a * sync.templateRe[k] + b * sync.templateIm[k];
    im[k] = b * sync.templateRe[k] - a * sync.templateIm[k];
  }
  inverseFft(re, im);
  let peak = 0;
  let lag = 0;
  const magnitudes = new Float64Array(p);
  for (let t = 0; t < p; t++) {
    const m = Math.abs(re[t]);
    magnitudes[t] = m;
    if (m > peak) {
      peak = m;
      lag = t;
    }
  }
  const spread = median(magnitudes) / 0.674_49;
  if (!(spread > 0)) return { score: 0, payload: 0, margin: 0 };
  const polarity = re[lag] >= 0 ? 1 : -1;
  // re[t] = sum_m f[m] t[m - t]: audio sample n carries carrier phase (n - lag) mod p.
  const soft = new Float64Array(blocksPerPeriod);
  const noise = new Float64Array(blocksPerPeriod);
  for (let n = 0; n < weighted.length; n++) {
    const phase = (n - lag + p * 4) & (p - 1);
    const block = Math.floor(phase / blockLength);
    const v = weighted[n] * data.template[phase];
    soft[block] += v;
    noise[block] += v * v;
  }
  for (let k = 0; k < blocksPerPeriod; k++) soft[k] = noise[k] > 0 ? (polarity * soft[k]) / Math.sqrt(noise[k]) : 0;
  const decoded = decodePayload(soft);
  return { score: peak / spread, payload: decoded.payload, margin: decoded.margin };
}

/** Pre-emphasised, band-limited to the carrier band, divided by the local level (20 ms RMS, floored). */
function whitenedAndLevelled(window: Float32Array): Float64Array {
  const size = windowLength;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(window);
  fftOfSize(size)(re, im);
  const low = Math.ceil((bandLowHz * size) / watermarkSampleRate);
  const high = Math.floor((bandHighHz * size) / watermarkSampleRate);
  for (let k = 0; k < size; k++) {
    const bin = k <= size / 2 ? k : size - k;
    if (bin < low || bin > high) {
      re[k] = 0;
      im[k] = 0;
      continue;
    }
    const w = (2 * Math.PI * k) / size;
    const hr = 1 - preEmphasis * Math.cos(w);
    const hi = preEmphasis * Math.sin(w);
    const a = re[k];
    const b = im[k];
    re[k] = a * hr - b * hi;
    im[k] = a * hi + b * hr;
  }
  inverseFft(re, im);
  const length = window.length;
  const y = re.subarray(0, length);
  let total = 0;
  for (let n = 0; n < length; n++) total += y[n] * y[n];
  const floor = levelFloor * Math.sqrt(total / Math.max(1, length));
  const out = new Float64Array(length);
  if (!(floor > 0)) return out;
  // Running 20 ms energy, centred.
  const prefix = new Float64Array(length + 1);
  for (let n = 0; n < length; n++) prefix[n + 1] = prefix[n] + y[n] * y[n];
  const half = levelSamples / 2;
  for (let n = 0; n < length; n++) {
    const from = Math.max(0, n - half);
    const to = Math.min(length, n + half);
    const level = Math.sqrt((prefix[to] - prefix[from]) / (to - from));
    out[n] = y[n] / Math.max(level, floor);
  }
  return out;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)];
}
