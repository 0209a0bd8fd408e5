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

/** Stateful K-weighting filter for one stream. */
export class KWeightingFilter {
  readonly #shelf: Biquad;
  readonly #highPass: Biquad;

  constructor(sampleRate: number) {
    this.#shelf = new Biquad(kWeightingShelf(sampleRate));
    this.#highPass = new Biquad(kWeightingHighPass(sampleRate));
  }

  step(x: number): number {
    return this.#highPass.step(this.#shelf.step(x));
  }
}
