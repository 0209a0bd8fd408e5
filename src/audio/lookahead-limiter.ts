/**
 * Look-ahead peak limiter: output sample n is input sample n-L times a gain that is already low enough when the
 * peak arrives, so nothing exceeds the ceiling and the gain never jumps.
 *
 * Per input sample the gain that peak needs is r = min(1, ceiling/|x|). A sliding minimum over the last L+1 values
 * of r (monotonic deque), a release that lets the gain recover exponentially, and a moving average over L samples
 * give the applied gain. Because every one of the L averaged values is at most the r of a peak still in the
 * delay line, the average is too: the ceiling holds exactly, and the average turns the gain change into a ramp.
 * Output is aligned with input (the L-sample delay is removed) and equally long once flushed.
 */

export interface LimiterSettings {
  /** Linear ceiling, e.g. 0.891 for -1 dBFS. */
  readonly ceiling: number;
  readonly lookaheadSeconds: number;
  readonly releaseSeconds: number;
}

export class LookaheadLimiter {
  readonly #ceiling: number;
  readonly #length: number;
  readonly #releaseCoef: number;
  readonly #delay: Float32Array;
  readonly #envelope: Float64Array;
  // Monotonic deque of (index, required gain) over the last L+1 samples; a ring of L+2 slots is enough.
  readonly #dequeIndex: Float64Array;
  readonly #dequeValue: Float64Array;
  #dequeHead = 0;
  #dequeSize = 0;
  #envelopeSum: number;
  #env = 1;
  #n = 0;
  #minGain = 1;

  constructor(sampleRate: number, settings: LimiterSettings) {
    this.#ceiling = settings.ceiling;
    this.#length = Math.max(1, Math.round(sampleRate * settings.lookaheadSeconds));
    this.#releaseCoef = 1 - Math.exp(-1 / (sampleRate * settings.releaseSeconds));
    this.#delay = new Float32Array(this.#length);
    this.#envelope = new Float64Array(this.#length).fill(1);
    this.#envelopeSum = this.#length;
    this.#dequeIndex = new Float64Array(this.#length + 2);
    this.#dequeValue = new Float64Array(this.#length + 2);
  }

  /** Deepest gain reduction so far, in dB (0 when the limiter never acted). */
  get maxReductionDb(): number {
    return -20 * Math.log10(this.#minGain);
  }

  process(input: Float32Array): Float32Array {
    const alreadyOut = Math.max(0, this.#n - this.#length);
    const out = new Float32Array(Math.max(0, this.#n + input.length - this.#length) - alreadyOut);
    let written = 0;
    for (let i = 0; i < input.length; i++) {
      const y = this.#step(input[i]);
      if (this.#n > this.#length) out[written++] = y;
    }
    return out;
  }

  /** Pushes the delayed tail out. */
  flush(): Float32Array {
    const pending = Math.min(this.#n, this.#length);
    const out = new Float32Array(pending);
    for (let i = 0; i < pending; i++) out[i] = this.#step(0);
    return out;
  }

  #step(x: number): number {
    const n = this.#n;
    const slots = this.#dequeValue.length;
    const magnitude = Math.abs(x);
    const required = magnitude > this.#ceiling ? this.#ceiling / magnitude : 1;

    while (this.#dequeSize > 0 && this.#dequeValue[(this.#dequeHead + this.#dequeSize - 1) % slots] >= required) {
      this.#dequeSize--;
    }
    const tail = (this.#dequeHead + this.#dequeSize) % slots;
    this.#dequeIndex[tail] = n;
    this.#dequeValue[tail] = required;
    this.#dequeSize++;
    while (this.#dequeIndex[this.#dequeHead] < n - this.#length) {
      this.#dequeHead = (this.#dequeHead + 1) % slots;
      this.#dequeSize--;
    }
    const held = this.#dequeValue[this.#dequeHead];

    this.#env = held < this.#env ? held : Math.min(held, this.#env + (1 - this.#env) * this.#releaseCoef);

    const slot = n % this.#length;
    this.#envelopeSum += this.#env - this.#envelope[slot];
    this.#envelope[slot] = this.#env;
    const gain = Math.min(1, this.#envelopeSum / this.#length);
    if (gain < this.#minGain) this.#minGain = gain;

    const delayed = this.#delay[slot];
    this.#delay[slot] = x;
    this.#n = n + 1;
    return delayed * gain;
  }
}
