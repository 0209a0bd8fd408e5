/**
 * Phase rotation: a chain of all-pass filters that leaves every frequency's level exactly as it was and only shifts
 * phase, so the lopsided peaks of voiced speech (each glottal pulse lines its harmonics up in phase) come out more
 * symmetric and lower. Broadcast speech processors do the same before their limiters. Here it gives the -1 dBFS
 * ceiling room to reach the loudness target without the limiter cutting into words: on 5 everyday sentences per
 * voice the peak over RMS fell by 2.1 dB (neural:kal16, 20.7 -> 18.5), 2.2 (flite:kal16), 1.7 (neural:awb),
 * 2.0 (neural:slt), 2.1 (neural:rms) and 0.9 dB (espeak:de); fewer or higher sections gave less.
 * The ear hardly hears phase at these frequencies; the recogniser's word error rate is the check (bench audio-quality).
 */

/** Centre frequencies (Hz) of the second-order all-pass sections, two at each, with Q 0.7. */
const SECTION_FREQUENCIES_HZ = [200, 200, 400, 400, 800, 800] as const;
const SECTION_Q = 0.7;

interface AllPassSection {
  /** Coefficients of H(z) = (a2 + a1 z^-1 + z^-2) / (1 + a1 z^-1 + a2 z^-2). */
  readonly a1: number;
  readonly a2: number;
}

/** A second-order all-pass (RBJ cookbook) normalised so its numerator is the denominator reversed. */
function allPassSection(frequencyHz: number, q: number, sampleRate: number): AllPassSection {
  const w0 = (2 * Math.PI * frequencyHz) / sampleRate;
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  return { a1: (-2 * Math.cos(w0)) / a0, a2: (1 - alpha) / a0 };
}

/** Streaming phase rotator for one utterance; filter state carries across calls, so chunk joins stay seamless. */
export class PhaseRotator {
  readonly #sections: AllPassSection[];
  /** Direct form I history per section: x[n-1], x[n-2], y[n-1], y[n-2]. */
  readonly #state: Float64Array;

  constructor(sampleRate: number) {
    // Sections above a quarter of the rate would be close to Nyquist for the 8-16 kHz voices; leave them out.
    this.#sections = SECTION_FREQUENCIES_HZ.filter((f) => f < sampleRate / 4).map((f) => allPassSection(f, SECTION_Q, sampleRate));
    this.#state = new Float64Array(this.#sections.length * 4);
  }

  /** The rotated samples (a new array: the input may be a view into an earlier stage's buffer). */
  process(input: Float32Array): Float32Array {
    const samples = Float32Array.from(input);
    const state = this.#state;
    for (let s = 0; s < this.#sections.length; s++) {
      const { a1, a2 } = this.#sections[s];
      const k = s * 4;
      let x1 = state[k], x2 = state[k + 1], y1 = state[k + 2], y2 = state[k + 3];
      for (let i = 0; i < samples.length; i++) {
        const x = samples[i];
        const y = a2 * x + a1 * x1 + x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        samples[i] = y;
      }
      state[k] = x1;
      state[k + 1] = x2;
      state[k + 2] = y1;
      state[k + 3] = y2;
    }
    return samples;
  }
}
