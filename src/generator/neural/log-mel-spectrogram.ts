import { createFft } from '../../audio/fft.ts';
import { createMelFilterbank } from './mel-filterbank.ts';
import type { MelBand } from './mel-filterbank.ts';

/** Analysis settings of the mel the vocoder was trained on (HiFi-GAN LJ_V2 config.json). */
export interface LogMelConfig {
  readonly sampleRate: number;
  readonly fftSize: number;
  readonly hopSize: number;
  readonly windowSize: number;
  readonly melBands: number;
  readonly fMin: number;
  readonly fMax: number;
  /** Magnitudes below this are clamped before the log (HiFi-GAN: 1e-5). */
  readonly clampMin: number;
}

export const HIFIGAN_MEL_CONFIG: LogMelConfig = {
  sampleRate: 22050,
  fftSize: 1024,
  hopSize: 256,
  windowSize: 1024,
  melBands: 80,
  fMin: 0,
  fMax: 8000,
  clampMin: 1e-5,
};

export interface LogMelAnalyzer {
  readonly config: LogMelConfig;
  /** Frames a signal of `length` samples yields: one per hop, so the vocoder gives back frames * hop samples. */
  frameCount(length: number): number;
  /**
   * Log-mel of frames [startFrame, endFrame) laid out band-major ([melBands][frames]), ready to be the
   * vocoder's [1, melBands, frames] input. Any frame range can be computed on its own, so a streaming caller
   * only pays for the frames its next chunk needs.
   */
  compute(audio: Float32Array, startFrame: number, endFrame: number): Float32Array;
}

/**
 * HiFi-GAN's meldataset.mel_spectrogram: reflect-pad (n_fft - hop) / 2 samples on each side, STFT with
 * center=False and a periodic Hann window, magnitude sqrt(re^2 + im^2 + 1e-9), Slaney mel, natural log of the
 * value clamped at clampMin.
 */
export function createLogMelAnalyzer(config: LogMelConfig = HIFIGAN_MEL_CONFIG): LogMelAnalyzer {
  const { fftSize, hopSize, windowSize, melBands } = config;
  if (windowSize > fftSize) throw new Error('window longer than the FFT');
  const pad = (fftSize - hopSize) / 2;
  const fft = createFft(fftSize);
  // torch.hann_window is periodic by default; centred in the FFT frame when shorter, as torch.stft does.
  const window = new Float64Array(fftSize);
  const windowOffset = Math.floor((fftSize - windowSize) / 2);
  for (let n = 0; n < windowSize; n++) window[windowOffset + n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / windowSize);
  const bands: MelBand[] = createMelFilterbank(config);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  // Bins above the highest band's last one (fMax) are never read.
  const usedBins = Math.max(...bands.map((band) => band.firstBin + band.weights.length));
  const magnitude = [new Float64Array(usedBins), new Float64Array(usedBins)];

  const frameCount = (length: number): number =>
    length + 2 * pad < fftSize ? 0 : Math.floor((length + 2 * pad - fftSize) / hopSize) + 1;

  /** Windowed samples of frame `frame` into `into` (zeros past the last frame: a pair's missing partner). */
  const loadFrame = (audio: Float32Array, frame: number, total: number, into: Float64Array): void => {
    if (frame >= total) {
      into.fill(0);
      return;
    }
    const origin = frame * hopSize - pad; // position of the frame's first sample in the unpadded audio
    if (origin >= 0 && origin + fftSize <= audio.length) {
      for (let n = 0; n < fftSize; n++) into[n] = audio[origin + n] * window[n];
    } else {
      for (let n = 0; n < fftSize; n++) into[n] = audio[reflectIndex(origin + n, audio.length)] * window[n];
    }
  };

  /**
   * Magnitude spectra of frames `even` and `even + 1` from one complex FFT: the first frame is the real part, the second
   * the imaginary part, and the two spectra are separated by the symmetry of real signals' transforms. Frames are
   * always paired this way (by absolute index), so a frame's values do not depend on the range asked for.
   */
  const analysePair = (audio: Float32Array, even: number, total: number): void => {
    loadFrame(audio, even, total, re);
    loadFrame(audio, even + 1, total, im);
    fft(re, im);
    const [first, second] = magnitude;
    for (let k = 0; k < usedBins; k++) {
      const mirror = k === 0 ? 0 : fftSize - k;
      const sumRe = re[k] + re[mirror];
      const diffRe = re[k] - re[mirror];
      const sumIm = im[k] + im[mirror];
      const diffIm = im[k] - im[mirror];
      first[k] = Math.sqrt(0.25 * (sumRe * sumRe + diffIm * diffIm) + 1e-9);
      second[k] = Math.sqrt(0.25 * (diffRe * diffRe + sumIm * sumIm) + 1e-9);
    }
  };

  const compute = (audio: Float32Array, startFrame: number, endFrame: number): Float32Array => {
    const total = frameCount(audio.length);
    if (!(Number.isInteger(startFrame) && Number.isInteger(endFrame) && 0 <= startFrame && startFrame <= endFrame && endFrame <= total)) {
      throw new Error(`frame range [${startFrame}, ${endFrame}) outside 0..${total}`);
    }
    const frames = endFrame - startFrame;
    const out = new Float32Array(melBands * frames);
    for (let even = startFrame - (startFrame % 2); even < endFrame; even += 2) {
      analysePair(audio, even, total);
      for (let half = 0; half < 2; half++) {
        const t = even + half - startFrame;
        if (t < 0 || t >= frames) continue;
        const spectrum = magnitude[half];
        for (let m = 0; m < melBands; m++) {
          const { firstBin, weights } = bands[m];
          let sum = 0;
          for (let i = 0; i < weights.length; i++) sum += weights[i] * spectrum[firstBin + i];
          out[m * frames + t] = Math.log(Math.max(sum, config.clampMin));
        }
      }
    }
    return out;
  };

  return { config, frameCount, compute };
}

/**
 * numpy/torch 'reflect' padding index (edge sample not repeated). Signals shorter than the pad reflect again
 * instead of failing like torch does, so a very short sentence still gets a spectrogram.
 */
export function reflectIndex(i: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  let j = i % period;
  if (j < 0) j += period;
  return j < length ? j : period - j;
}
