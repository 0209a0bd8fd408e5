/**
 * ITU-R BS.1770 K-weighting (a high shelf modelling the head, then a high-pass) as two biquads whose
 * coefficients are derived for any sample rate, so 16, 22.05, 24 and 44.1 kHz all measure alike.
 */

export interface BiquadCoefficients {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** Direct form II transposed biquad: two state values, stable in float64. */
export class Biquad {
  readonly #c: BiquadCoefficients;
  #z1 = 0;
  #z2 = 0;

  constructor(coefficients: BiquadCoefficients) {
    this.#c = coefficients;
  }

  step(x: number): number {
    const c = this.#c;
    const y = c.b0 * x + this.#z1;
    this.#z1 = c.b1 * x - c.a1 * y + this.#z2;
    this.#z2 = c.b2 * x - c.a2 * y;
    return y;
  }
}

// Analogue prototypes of the BS.1770 filters, re-derived per rate with the bilinear transform.
const shelfHz = 1681.974450955533;
const shelfGainDb = 3.999843853973347;
const shelfQ = 0.7071752369554196;
const highPassHz = 38.13547087602444;
const highPassQ = 0.5003270373238773;

export function kWeightingShelf(sampleRate: number): BiquadCoefficients {
  const k = Math.tan(Math.PI * shelfHz / sampleRate);
  const vh = 10 ** (shelfGainDb / 20);
  const vb = vh ** 0.4996667741545416;
  const a0 = 1 + k / shelfQ + k * k;
  return {
    b0: (vh + vb * k / shelfQ + k * k) / a0,
    b1: 2 * (k * k - vh) / a0,
    b2: (vh - vb * k / shelfQ + k * k) / a0,
    a1: 2 * (k * k - 1) / a0,
    a2: (1 - k / shelfQ + k * k) / a0,
  };
}

export function kWeightingHighPass(sampleRate: number): BiquadCoefficients {
  const k = Math.tan(Math.PI * highPassHz / sampleRate);
  const a0 = 1 + k / highPassQ + k * k;
  return {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: 2 * (k * k - 1) / a0,
    a2: (1 - k / highPassQ + k * k) / a0,
  };
}

/**
 * Stateful K-weighting filter for one stream. The two biquads are kept as plain numbers rather than two Biquad
 * objects so that `accumulateSquares`, which runs for every input sample of every stream, is one loop over locals.
 * Both methods do exactly the arithmetic of Biquad.step, in the same order, so they agree bit for bit.
 */
export class KWeightingFilter {
  readonly #shelf: BiquadCoefficients;
  readonly #highPass: BiquadCoefficients;
  #s1 = 0;
  #s2 = 0;
  #h1 = 0;
  #h2 = 0;

  constructor(sampleRate: number) {
    this.#shelf = kWeightingShelf(sampleRate);
    this.#highPass = kWeightingHighPass(sampleRate);
  }

  step(x: number): number {
    const s = this.#shelf;
    const h = this.#highPass;
    const shelved = s.b0 * x + this.#s1;
    this.#s1 = s.b1 * x - s.a1 * shelved + this.#s2;
    this.#s2 = s.b2 * x - s.a2 * shelved;
    const y = h.b0 * shelved + this.#h1;
    this.#h1 = h.b1 * shelved - h.a1 * y + this.#h2;
    this.#h2 = h.b2 * shelved - h.a2 * y;
    return y;
  }

  /** Filters input[from, to) and returns `sum` plus the squares of the outputs, added one by one in order. */
  accumulateSquares(input: Float32Array, from: number, to: number, sum: number): number {
    const { b0: sb0, b1: sb1, b2: sb2, a1: sa1, a2: sa2 } = this.#shelf;
    const { b0: hb0, b1: hb1, b2: hb2, a1: ha1, a2: ha2 } = this.#highPass;
    let s1 = this.#s1;
    let s2 = this.#s2;
    let h1 = this.#h1;
    let h2 = this.#h2;
    let total = sum;
    for (let i = from; i < to; i++) {
      const x = input[i];
      const shelved = sb0 * x + s1;
      s1 = sb1 * x - sa1 * shelved + s2;
      s2 = sb2 * x - sa2 * shelved;
      const y = hb0 * shelved + h1;
      h1 = hb1 * shelved - ha1 * y + h2;
      h2 = hb2 * shelved - ha2 * y;
      total += y * y;
    }
    this.#s1 = s1;
    this.#s2 = s2;
    this.#h1 = h1;
    this.#h2 = h2;
    return total;
  }
}
