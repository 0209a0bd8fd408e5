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
    this.#run(input, input.length, out);
    return out;
  }

  /** Pushes the delayed tail out. */
  flush(): Float32Array {
    const pending = Math.min(this.#n, this.#length);
    const out = new Float32Array(pending);
    this.#run(null, pending, out);
    return out;
  }

  /**
   * Steps `count` samples (silence when `input` is null) and writes the delayed, gain-applied ones to `out`.
   * One loop over locals, with ring indices wrapped by comparison instead of `%`: this runs for every sample of
   * every stream, and the per-sample method call with field reads and modulo cost about three times as much.
   * The arithmetic is exactly that of the straightforward per-sample version (same operations, same order).
   */
  #run(input: Float32Array | null, count: number, out: Float32Array): void {
    const length = this.#length;
    const ceiling = this.#ceiling;
    const releaseCoef = this.#releaseCoef;
    const delay = this.#delay;
    const envelope = this.#envelope;
    const dequeIndex = this.#dequeIndex;
    const dequeValue = this.#dequeValue;
    const slots = dequeValue.length;
    let head = this.#dequeHead;
    let size = this.#dequeSize;
    let envelopeSum = this.#envelopeSum;
    let env = this.#env;
    let minGain = this.#minGain;
    let n = this.#n;
    let slot = n % length;
    let written = 0;
    for (let i = 0; i < count; i++) {
      const x = input === null ? 0 : input[i];
      const magnitude = Math.abs(x);
      const required = magnitude > ceiling ? ceiling / magnitude : 1;

      // Drop queued values no smaller than this one: they can never be the minimum again.
      let last = head + size - 1;
      if (last >= slots) last -= slots;
      while (size > 0 && dequeValue[last] >= required) {
        size--;
        last = last === 0 ? slots - 1 : last - 1;
      }
      let tail = head + size;
      if (tail >= slots) tail -= slots;
      dequeIndex[tail] = n;
      dequeValue[tail] = required;
      size++;
      const oldest = n - length;
      while (dequeIndex[head] < oldest) {
        head = head + 1 === slots ? 0 : head + 1;
        size--;
      }
      const held = dequeValue[head];

      env = held < env ? held : Math.min(held, env + (1 - env) * releaseCoef);

      envelopeSum += env - envelope[slot];
      envelope[slot] = env;
      const average = envelopeSum / length;
      const gain = average < 1 ? average : 1;
      if (gain < minGain) minGain = gain;

      const delayed = delay[slot];
      delay[slot] = x;
      n++;
      slot = slot + 1 === length ? 0 : slot + 1;
      if (n > length) out[written++] = delayed * gain;
    }
    this.#dequeHead = head;
    this.#dequeSize = size;
    this.#envelopeSum = envelopeSum;
    this.#env = env;
    this.#minGain = minGain;
    this.#n = n;
  }
}
