/**
 * Band-limited resampling between two integer rates with a Kaiser-windowed sinc, evaluated polyphase: the ratio is
 * reduced to up/down (16000 -> 22050 is 320 -> 441), so every output sample falls on one of `up` fixed sub-sample
 * phases whose filter taps are computed once. Whole signals only (zeros are assumed outside), which is what a
 * per-sentence resample needs. Output length is round(length * outRate / inRate) and sample 0 of the output is at
 * time 0 of the input: no delay to compensate.
 *
 * Any output range can be rendered on its own and equals the same range of a whole-signal run, so a streaming caller
 * resamples just the stretch its next chunk needs (the first chunk then waits for ~0.4 s of audio, not a sentence).
 */
export interface PolyphaseResamplerOptions {
  /** Filter half-length in input samples (taps per phase = 2 * halfTaps). */
  readonly halfTaps?: number;
  /** Passband edge as a fraction of the lower of the two Nyquist frequencies. */
  readonly cutoff?: number;
  /** Kaiser window shape: larger = more stopband attenuation, wider transition. */
  readonly kaiserBeta?: number;
}

export interface PolyphaseResampler {
  outputLength(inputLength: number): number;
  /**
   * Input samples that output samples [0, end) read: a prefix of the input at least this long renders them exactly as
   * the whole input does.
   */
  inputNeeded(end: number): number;
  /** Writes output samples [start, end) of the resampled `input` into `out` at the same indices. */
  render(input: Float32Array, start: number, end: number, out: Float32Array): void;
  /** The whole signal at once. */
  resample(input: Float32Array): Float32Array;
}

export function createPolyphaseResampler(
  inputRate: number,
  outputRate: number,
  options: PolyphaseResamplerOptions = {},
): PolyphaseResampler {
  if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
    throw new Error(`sample rates must be positive integers, got ${inputRate} -> ${outputRate}`);
  }
  const divisor = gcd(inputRate, outputRate);
  const up = outputRate / divisor;
  const down = inputRate / divisor;
  const halfTaps = options.halfTaps ?? 32;
  const beta = options.kaiserBeta ?? 8.6;
  // Cut below the lower Nyquist so downsampling does not alias; as a fraction of the input rate.
  const fc = ((options.cutoff ?? 0.92) * Math.min(1, up / down)) / 2;
  const taps = 2 * halfTaps;

  // phase p is the output position p/up of an input sample; tap j multiplies input[base - halfTaps + 1 + j].
  const bank = new Float32Array(up * taps);
  const i0Beta = besselI0(beta);
  for (let p = 0; p < up; p++) {
    const frac = p / up;
    for (let j = 0; j < taps; j++) {
      const distance = j - halfTaps + 1 - frac; // input sample position minus output position, in input samples
      const x = (2 * fc * Math.PI * distance);
      const sinc = distance === 0 ? 1 : Math.sin(x) / x;
      const r = distance / halfTaps;
      const window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
      bank[p * taps + j] = 2 * fc * sinc * window;
    }
  }

  const outputLength = (inputLength: number): number => Math.round((inputLength * up) / down);
  // Output n reads input [base - halfTaps + 1, base + halfTaps], base = floor(n * down / up), as render() does.
  const inputNeeded = (end: number): number => (end <= 0 ? 0 : Math.floor(((end - 1) * down) / up) + halfTaps + 1);
  const render = (input: Float32Array, start: number, end: number, out: Float32Array): void => {
    const last = input.length - 1;
    const stop = Math.min(end, outputLength(input.length), out.length);
    for (let n = Math.max(0, start); n < stop; n++) {
      const position = n * down; // in units of 1/up input samples
      const base = Math.floor(position / up);
      const phase = position - base * up;
      const first = base - halfTaps + 1;
      const offset = phase * taps;
      let sum = 0;
      if (first >= 0 && first + taps - 1 <= last) {
        for (let j = 0; j < taps; j++) sum += bank[offset + j] * input[first + j];
      } else {
        for (let j = 0; j < taps; j++) {
          const i = first + j;
          if (i >= 0 && i <= last) sum += bank[offset + j] * input[i];
        }
      }
      out[n] = sum;
    }
  };
  const resample = (input: Float32Array): Float32Array => {
    const out = new Float32Array(outputLength(input.length));
    render(input, 0, out.length, out);
    return out;
  };
  return { outputLength, inputNeeded, render, resample };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for window betas). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}
