/**
 * Trims the silence engines put before the first word (flite and the neural voices: about 0.2 s, 0.4 s at half
 * speed) and after the last one, down to a short natural pad, while every pause inside the message stays as it was.
 *
 * Streaming and bounded: before the first speech sample only the last `leadPad` samples are kept (older silence is
 * dropped as it arrives). After it, a run of silence is held back, because only what follows tells whether it is a
 * pause (speech comes again: the run is let out unchanged) or the end (finish(): all but `trailPad` is dropped). A run
 * longer than `maxHold` is let out from its oldest end, so at most `maxHold` samples are held; the trailing silence
 * left at the very end is then the run beyond that bound plus the pad. The kept pads get a short fade so the cut
 * never lands as a step in the noise floor.
 */
import { concatSamples as concatParts } from './concat-samples.ts';

export interface SilenceTrimSettings {
  /** A sample at or above this magnitude is speech (linear, e.g. 0.01 for -40 dBFS). */
  readonly threshold: number;
  /** Silence kept before the first speech sample (s). */
  readonly leadPadSeconds: number;
  /** Silence kept after the last speech sample (s). */
  readonly trailPadSeconds: number;
  /** Most silence held back waiting to learn whether it is a pause or the end (s). */
  readonly maxHoldSeconds: number;
}

/** Length of the fade on a cut edge of a pad. */
const fadeSeconds = 0.005;

export class SilenceTrimmer {
  readonly #threshold: number;
  readonly #leadPad: number;
  readonly #trailPad: number;
  readonly #fade: number;
  /** Held silence, oldest first: before speech at most the last `leadPad` samples, after it the current run. */
  readonly #held: Float32Array;
  #heldLength = 0;
  #speechSeen = false;
  #leadingDropped = 0;
  #trailingDropped = 0;
  #leadPadKept = 0;

  constructor(sampleRate: number, settings: SilenceTrimSettings) {
    this.#threshold = settings.threshold;
    this.#leadPad = Math.max(0, Math.round(settings.leadPadSeconds * sampleRate));
    this.#trailPad = Math.max(0, Math.round(settings.trailPadSeconds * sampleRate));
    this.#fade = Math.max(1, Math.round(fadeSeconds * sampleRate));
    this.#held = new Float32Array(Math.max(this.#leadPad, this.#trailPad, Math.round(settings.maxHoldSeconds * sampleRate)));
  }

  /** True once a speech sample has been let through. */
  get speechStarted(): boolean {
    return this.#speechSeen;
  }

  /** Samples of leading silence dropped (not counting the kept pad). */
  get leadingDroppedSamples(): number {
    return this.#leadingDropped;
  }

  /** Samples of silence let out before the first speech sample (the lead pad). */
  get leadPadSamples(): number {
    return this.#leadPadKept;
  }

  /** Samples of trailing silence dropped at finish. */
  get trailingDroppedSamples(): number {
    return this.#trailingDropped;
  }

  /** Samples of silence held back at the moment. */
  get heldSamples(): number {
    return this.#heldLength;
  }

  /** The samples that `input` makes final (may be empty while silence is held). */
  process(input: Float32Array): Float32Array {
    const threshold = this.#threshold;
    let lastSpeech = input.length - 1;
    while (lastSpeech >= 0 && !(Math.abs(input[lastSpeech]) >= threshold)) lastSpeech--;
    if (lastSpeech < 0) return this.#holdSilence(input);

    const parts: Float32Array[] = [];
    let start = 0;
    if (!this.#speechSeen) {
      while (!(Math.abs(input[start]) >= threshold)) start++;
      this.#holdSilence(input.subarray(0, start));
      const pad = this.#takeHeld(this.#heldLength);
      // Faded in only where it was cut out of a longer silence: a pad that is all the silence there was starts the audio.
      if (this.#leadingDropped > 0) fadeIn(pad, this.#fade);
      this.#leadPadKept = pad.length;
      parts.push(pad);
      this.#speechSeen = true;
    } else {
      parts.push(this.#takeHeld(this.#heldLength));
    }
    // Speech up to its last sample goes out; the silence after it is held until we know what follows.
    parts.push(input.subarray(start, lastSpeech + 1));
    parts.push(this.#holdSilence(input.subarray(lastSpeech + 1)));
    return concatParts(parts);
  }

  /** The end of the utterance: the held silence shrinks to the trailing pad (or, if no speech came, to nothing). */
  finish(): Float32Array {
    if (!this.#speechSeen) {
      this.#leadingDropped += this.#heldLength;
      this.#heldLength = 0;
      return new Float32Array(0);
    }
    const keep = Math.min(this.#trailPad, this.#heldLength);
    const cut = this.#heldLength > keep;
    this.#trailingDropped += this.#heldLength - keep;
    const out = this.#takeHeld(keep);
    this.#heldLength = 0;
    if (cut) fadeOut(out, this.#fade);
    return out;
  }

  /**
   * Adds silence to the held samples. Before speech the oldest beyond `leadPad` are dropped; after it the oldest
   * beyond the buffer are returned, since a pause that long is let out as it comes.
   */
  #holdSilence(silence: Float32Array): Float32Array {
    const limit = this.#speechSeen ? this.#held.length : this.#leadPad;
    const total = this.#heldLength + silence.length;
    const excess = Math.max(0, total - limit);
    let out = new Float32Array(0);
    if (excess > 0) {
      if (this.#speechSeen) {
        out = new Float32Array(excess);
        const fromHeld = Math.min(excess, this.#heldLength);
        out.set(this.#held.subarray(0, fromHeld));
        out.set(silence.subarray(0, excess - fromHeld), fromHeld);
      } else {
        this.#leadingDropped += excess;
      }
      const keepHeld = Math.max(0, this.#heldLength - excess);
      this.#held.copyWithin(0, this.#heldLength - keepHeld, this.#heldLength);
      this.#heldLength = keepHeld;
    }
    const fresh = silence.subarray(Math.max(0, excess - (total - silence.length)));
    this.#held.set(fresh, this.#heldLength);
    this.#heldLength += fresh.length;
    return out;
  }

  /** Removes and returns the oldest `count` held samples. */
  #takeHeld(count: number): Float32Array {
    const out = this.#held.slice(0, count);
    this.#held.copyWithin(0, count, this.#heldLength);
    this.#heldLength -= count;
    return out;
  }
}

function fadeIn(x: Float32Array, length: number): void {
  const n = Math.min(length, x.length);
  for (let i = 0; i < n; i++) x[i] *= (i + 1) / (n + 1);
}

function fadeOut(x: Float32Array, length: number): void {
  const n = Math.min(length, x.length);
  for (let i = 0; i < n; i++) x[x.length - 1 - i] *= (i + 1) / (n + 1);
}

