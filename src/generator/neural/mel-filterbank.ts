/**
 * Slaney-style mel filterbank, the same matrix as librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax) with its
 * defaults (htk=False, norm='slaney'), which is what HiFi-GAN's training mels used.
 */
export interface MelFilterbankConfig {
  readonly sampleRate: number;
  readonly fftSize: number;
  readonly melBands: number;
  readonly fMin: number;
  readonly fMax: number;
}

/** One triangular band: weights for FFT bins firstBin .. firstBin + weights.length - 1 (all others are zero). */
export interface MelBand {
  readonly firstBin: number;
  readonly weights: Float64Array;
}

const LINEAR_HZ_PER_MEL = 200 / 3;
const LOG_REGION_START_HZ = 1000;
const LOG_REGION_START_MEL = LOG_REGION_START_HZ / LINEAR_HZ_PER_MEL;
const LOG_STEP = Math.log(6.4) / 27;

/** Slaney's mel scale: linear below 1 kHz, logarithmic above. */
export function hzToMel(hz: number): number {
  return hz < LOG_REGION_START_HZ
    ? hz / LINEAR_HZ_PER_MEL
    : LOG_REGION_START_MEL + Math.log(hz / LOG_REGION_START_HZ) / LOG_STEP;
}

export function melToHz(mel: number): number {
  return mel < LOG_REGION_START_MEL
    ? mel * LINEAR_HZ_PER_MEL
    : LOG_REGION_START_HZ * Math.exp(LOG_STEP * (mel - LOG_REGION_START_MEL));
}

export function createMelFilterbank(config: MelFilterbankConfig): MelBand[] {
  const { sampleRate, fftSize, melBands, fMin, fMax } = config;
  const bins = fftSize / 2 + 1;
  const binHz = (bin: number): number => (bin * sampleRate) / fftSize;
  const melMin = hzToMel(fMin);
  const melMax = hzToMel(fMax);
  // melBands + 2 edge frequencies, evenly spaced in mel: band i rises from edge i to i+1 and falls to i+2.
  const edges = Array.from({ length: melBands + 2 }, (_, i) => melToHz(melMin + ((melMax - melMin) * i) / (melBands + 1)));

  const bands: MelBand[] = [];
  for (let m = 0; m < melBands; m++) {
    const [lo, centre, hi] = [edges[m], edges[m + 1], edges[m + 2]];
    const areaNorm = 2 / (hi - lo); // Slaney normalisation: every triangle has the same area
    const full = new Float64Array(bins);
    let first = -1;
    let last = -1;
    for (let bin = 0; bin < bins; bin++) {
      const f = binHz(bin);
      const rising = (f - lo) / (centre - lo);
      const falling = (hi - f) / (hi - centre);
      const w = Math.max(0, Math.min(rising, falling)) * areaNorm;
      full[bin] = w;
      if (w > 0) {
        if (first < 0) first = bin;
        last = bin;
      }
    }
    bands.push(first < 0 ? { firstBin: 0, weights: new Float64Array(0) } : { firstBin: first, weights: full.slice(first, last + 1) });
  }
  return bands;
}
