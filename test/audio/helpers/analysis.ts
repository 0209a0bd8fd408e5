/** Measurements on decoded audio: level, frequency, pitch, spectrum, continuity. The tests' one home for these. */
import { createFft } from '../../../src/audio/fft.ts';

export function rms(x: Float32Array, start = 0, end = x.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / Math.max(1, end - start));
}

export function rmsDb(x: Float32Array, start = 0, end = x.length): number {
  return 20 * Math.log10(rms(x, start, end));
}

export function peak(x: Float32Array, start = 0, end = x.length): number {
  let p = 0;
  for (let i = start; i < end; i++) p = Math.max(p, Math.abs(x[i]));
  return p;
}

/**
 * Median fundamental frequency of voiced 40 ms frames by autocorrelation (60..400 Hz), or 0 when nothing is voiced.
 * Crude, but enough to tell a female voice (~170-250 Hz) from a male one (~90-140 Hz).
 */
export function medianPitchHz(samples: Float32Array, sampleRate: number): number {
  const frame = Math.round(0.04 * sampleRate);
  const minLag = Math.floor(sampleRate / 400);
  const maxLag = Math.ceil(sampleRate / 60);
  const pitches: number[] = [];
  for (let start = 0; start + frame + maxLag < samples.length; start += frame) {
    if (rms(samples, start, start + frame) < 0.02) continue;
    let energy = 0;
    for (let i = 0; i < frame; i++) energy += samples[start + i] ** 2;
    let bestLag = 0;
    let best = 0;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let sum = 0;
      for (let i = 0; i < frame; i++) sum += samples[start + i] * samples[start + i + lag];
      if (sum > best) {
        best = sum;
        bestLag = lag;
      }
    }
    if (best > 0.5 * energy) pitches.push(sampleRate / bestLag);
  }
  pitches.sort((a, b) => a - b);
  return pitches.length ? pitches[pitches.length >> 1] : 0;
}

/** Largest |x[i] - x[i-1]| in [start, end). */
export function maxStep(x: Float32Array, start = 1, end = x.length): number {
  let m = 0;
  for (let i = Math.max(1, start); i < end; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
  return m;
}

/**
 * Frequency from rising zero crossings, interpolated to a fraction of a sample, over [start, end): precise to far
 * better than 1 Hz over a second of a clean tone.
 */
export function zeroCrossingFrequency(x: Float32Array, sampleRate: number, start = 0, end = x.length): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = Math.max(1, start); i < end; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) {
      const t = i - 1 + x[i - 1] / (x[i - 1] - x[i]);
      if (first < 0) first = t;
      else count++;
      last = t;
    }
  }
  if (count === 0) return 0;
  return count * sampleRate / (last - first);
}

/** In-place forward FFT; length must be a power of two. The project's own, checked against a direct DFT. */
export function fft(re: Float64Array, im: Float64Array): void {
  createFft(re.length)(re, im);
}

/**
 * Magnitude spectrum in dB relative to its strongest bin, of `length` samples from `start` under a 4-term
 * Blackman-Harris window (side lobes below -92 dB, so spurs down to about -90 dB are visible).
 */
export function spectrumDb(x: Float32Array, start: number, length: number): Float64Array {
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const t = 2 * Math.PI * i / (length - 1);
    const w = 0.35875 - 0.48829 * Math.cos(t) + 0.14128 * Math.cos(2 * t) - 0.01168 * Math.cos(3 * t);
    re[i] = x[start + i] * w;
  }
  fft(re, im);
  const mags = new Float64Array(length / 2);
  let max = 0;
  for (let k = 0; k < mags.length; k++) {
    mags[k] = Math.hypot(re[k], im[k]);
    max = Math.max(max, mags[k]);
  }
  for (let k = 0; k < mags.length; k++) mags[k] = 20 * Math.log10(mags[k] / max + 1e-20);
  return mags;
}

/** Strongest level (dB re the peak) outside ±guardHz of `frequency`, ignoring bins under `floorHz`. */
export function strongestSpurDb(spectrum: Float64Array, sampleRate: number, frequency: number, guardHz: number,
  floorHz = 20): number {
  const binHz = sampleRate / (spectrum.length * 2);
  let worst = -Infinity;
  for (let k = 0; k < spectrum.length; k++) {
    const f = k * binHz;
    if (f < floorHz || Math.abs(f - frequency) <= guardHz) continue;
    worst = Math.max(worst, spectrum[k]);
  }
  return worst;
}

/** The longest run of 10 ms blocks with peaks below -40 dBFS inside `samples` (not at its ends): [start, end). */
export function longestInnerPause(samples: Float32Array, rate: number): [number, number] {
  const block = rate / 100;
  const blocks = Math.floor(samples.length / block);
  let best: [number, number] = [0, 0];
  let start = -1;
  for (let b = 0; b <= blocks; b++) {
    let peak = 0;
    for (let i = b * block; i < Math.min(samples.length, (b + 1) * block); i++) peak = Math.max(peak, Math.abs(samples[i]));
    const quiet = b < blocks && peak < 0.01;
    if (quiet && start < 0) start = b;
    if (!quiet && start >= 0) {
      if (start > 0 && b < blocks && (b - start) * block > best[1] - best[0]) best = [start * block, b * block];
      start = -1;
    }
  }
  return best;
}
