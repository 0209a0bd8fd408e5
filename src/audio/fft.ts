/**
 * In-place iterative radix-2 FFT, for the neural voices' spectrograms and the watermark. The twiddle and bit-reversal
 * tables depend only on the size, so `createFft` builds them once and the returned transform is reused for every
 * frame.
 */
export type FftTransform = (re: Float64Array, im: Float64Array) => void;

export function createFft(size: number): FftTransform {
  if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
    throw new Error(`FFT size must be a power of two >= 2, got ${size}`);
  }
  const bits = Math.log2(size);
  const reversed = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reversed[i] = r;
  }
  const cos = new Float64Array(size / 2);
  const sin = new Float64Array(size / 2);
  for (let k = 0; k < size / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = -Math.sin((2 * Math.PI * k) / size);
  }

  return (re, im) => {
    if (re.length !== size || im.length !== size) throw new Error(`FFT expects ${size} samples`);
    for (let i = 0; i < size; i++) {
      const j = reversed[i];
      if (j > i) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (let half = 1; half < size; half *= 2) {
      const step = size / (2 * half);
      for (let start = 0; start < size; start += 2 * half) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step];
          const wi = sin[k * step];
          const a = start + k;
          const b = a + half;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  };
}

const cache = new Map<number, FftTransform>();

/** The shared forward transform of `size` points (a power of two), built on first use. */
export function fftOfSize(size: number): FftTransform {
  let fft = cache.get(size);
  if (fft === undefined) {
    fft = createFft(size);
    cache.set(size, fft);
  }
  return fft;
}

/** Inverse transform in place, scaled so that inverse(forward(x)) = x. */
export function inverseFft(re: Float64Array, im: Float64Array): void {
  const size = re.length;
  fftOfSize(size)(im, re);
  for (let i = 0; i < size; i++) {
    re[i] /= size;
    im[i] /= size;
  }
}
