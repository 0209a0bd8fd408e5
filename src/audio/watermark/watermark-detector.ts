/**
 * Finds the AI-speech watermark (watermark-embedder.ts) in 48 kHz mono audio and reads its payload. Pure: samples in,
 * a verdict out; the CLI (src/cli/watermark-cli.ts) reads files and resamples.
 *
 * Per window of up to 5.5 s: whiten the 1-5 kHz band frame by frame (see whitened(): loud and quiet moments and
 * bins weigh alike; the mark follows the speech's level, so this evens out its share everywhere), fold
 * the result onto one carrier period and correlate circularly with the sync carrier: the peak's lag says where the
 * carrier period starts, its height over the correlation's own spread (a z score) says whether a mark is there at
 * all. At that lag the data carrier's correlation per 43 ms block gives the soft codeword, decoded to the payload.
 * Gain does not matter (everything is normalised), nor polarity (the sign of the peak is used).
 */
import { fftOfSize, inverseFft } from '../fft.ts';
import { bandHighHz, bandLowHz, blockLength, blocksPerPeriod, carrierPeriod, preEmphasis, watermarkCarriers,
  watermarkSampleRate } from './watermark-carrier.ts';
import { decodePayload, formatPayload } from './watermark-payload.ts';

const windowLength = 1 << 18;
const windowHop = 1 << 17;
const frameLength = 512;
const frameHop = frameLength / 2;
/** sqrt-Hann: analysis times synthesis is a Hann window, whose 50 %-overlapped copies add up to 1. */
const frameWindow = Float64Array.from({ length: frameLength }, (_, n) => Math.sqrt(0.5 - 0.5 * Math.cos((2 * Math.PI * n) / frameLength)));
/** Per bin: the pre-emphasis filter's response inside 1-5 kHz, zero outside. */
const binGain = Array.from({ length: frameLength }, (_, k) => {
  const bin = k <= frameLength / 2 ? k : frameLength - k;
  const inBand = bin >= Math.ceil((bandLowHz * frameLength) / watermarkSampleRate) && bin <= Math.floor((bandHighHz * frameLength) / watermarkSampleRate);
  const w = (2 * Math.PI * k) / frameLength;
  return inBand ? { re: 1 - preEmphasis * Math.cos(w), im: preEmphasis * Math.sin(w) } : { re: 0, im: 0 };
});
/** Bin magnitudes are floored at this fraction (-60 dB) of the window's RMS level. */
const silenceFloor = 1e-3;
/**
 * Sync z score at or above which one window counts as marked. Unmarked speech and noise score about 4.5 and at most
 * 5.9 in 6000 windows (the largest of 2^17 band-limited lags; see bench/watermark.bench.ts), marked 3 s pieces after
 * Opus 32 kb/s at least 13.
 */
const detectionThreshold = 6.5;
/**
 * A longer file is searched in more windows, each another chance for noise to score high. The largest of many lags
 * has a Gumbel-like tail; from the bench's unmarked windows (typically 4.5, the largest of 6000 5.9) its scale is
 * about 0.18. Raising the threshold by 0.25 x ln(windows) keeps a whole file's false-alarm chance at or below one
 * window's (a 10-minute file: 220 windows, threshold 7.8).
 */
const thresholdPerLnWindows = 0.25;

/** The threshold for audio of this many samples (6.5 up to 5.5 s). */
function thresholdFor(samples: number): number {
  return detectionThreshold + thresholdPerLnWindows * Math.log(windowCount(samples));
}

function windowCount(samples: number): number {
  return samples <= windowLength ? 1 : 1 + Math.ceil((samples - windowLength) / windowHop);
}

export interface WatermarkDetection {
  readonly watermarked: boolean;
  /** The strongest window's sync z score. */
  readonly score: number;
  /** What the score had to reach for this length of audio (thresholdFor). */
  readonly threshold: number;
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
  const threshold = thresholdFor(samples.length);
  return {
    watermarked: best.score >= threshold,
    score: best.score,
    threshold,
    confidence: confidenceOf(best.score, windowCount(samples.length)),
    payload: best.payload,
    payloadText: formatPayload(best.payload),
    payloadMargin: best.margin,
    atSeconds: bestStart / watermarkSampleRate,
  };
}

/** 1 - (windows x lags searched) x (two-sided Gaussian tail at z): a conservative bound, floored at 0. */
function confidenceOf(z: number, windows: number): number {
  return Math.max(0, 1 - windows * carrierPeriod * gaussianTail(z) * 2);
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
  const weighted = whitened(window);
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

/**
 * Whitened: short-time spectra (512-sample sqrt-Hann frames, 50 % overlap) of the pre-emphasised audio, each 1-5 kHz
 * bin divided by its own magnitude (phase only), the rest dropped, overlap-added back to a signal. The mark follows
 * the speech's level, and speech is far louder in its formants than between them, so giving every bin and every frame
 * the same weight lets the quiet bins, where the mark stands out most, count: measured on espeak:en and neural:slt
 * after Opus 32 kb/s it almost doubled the score of a fixed pre-emphasis with per-20 ms level normalisation.
 */
function whitened(window: Float32Array): Float64Array {
  const length = window.length;
  const out = new Float64Array(length);
  let total = 0;
  for (let n = 0; n < length; n++) total += window[n] * window[n];
  // Bins quieter than this (digital silence, dither) weigh as if this loud instead of being blown up to full weight.
  const floor = silenceFloor * Math.sqrt(total / Math.max(1, length)) * Math.sqrt(frameLength);
  if (!(floor > 0)) return out;
  const fft = fftOfSize(frameLength);
  const re = new Float64Array(frameLength);
  const im = new Float64Array(frameLength);
  for (let start = -frameHop; start < length; start += frameHop) {
    re.fill(0);
    im.fill(0);
    for (let n = 0; n < frameLength; n++) {
      const i = start + n;
      if (i >= 0 && i < length) re[n] = window[i] * frameWindow[n];
    }
    fft(re, im);
    for (let k = 0; k < frameLength; k++) {
      const gain = binGain[k];
      if (gain.re === 0 && gain.im === 0) {
        re[k] = 0;
        im[k] = 0;
        continue;
      }
      const a = re[k] * gain.re - im[k] * gain.im;
      const b = re[k] * gain.im + im[k] * gain.re;
      const scale = 1 / Math.max(Math.hypot(a, b), floor);
      re[k] = a * scale;
      im[k] = b * scale;
    }
    inverseFft(re, im);
    for (let n = 0; n < frameLength; n++) {
      const i = start + n;
      if (i >= 0 && i < length) out[i] += re[n] * frameWindow[n];
    }
  }
  return out;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)];
}
