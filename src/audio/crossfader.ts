/**
 * Joins chunks whose leading `overlap` samples cover the same time as the previous chunk's tail.
 *
 * The last `fadeLength` output samples are always held back. When a chunk arrives with overlap o:
 *   o >= fadeLength: its first o - fadeLength samples duplicate audio already let out and are dropped; its samples
 *                    [o - fadeLength, o) are blended with the held tail;
 *   0 < o < fadeLength: the blend covers the last o held samples only;
 *   o == 0: plain concatenation.
 * Output length is exactly the sum of (length - overlap), whatever the chunk sizes (a chunk may be 1 sample).
 */
import type { CrossfadeShape } from './audio-pipeline-options.ts';

/** Weight of the incoming chunk at position t in (0, 1) of the blend; the held tail gets the complement. */
function fadeInWeight(shape: CrossfadeShape, t: number): number {
  return shape === 'linear' ? t : Math.sin(t * Math.PI / 2);
}

function fadeOutWeight(shape: CrossfadeShape, t: number): number {
  return shape === 'linear' ? 1 - t : Math.cos(t * Math.PI / 2);
}

export class Crossfader {
  readonly #fadeLength: number;
  readonly #shape: CrossfadeShape;
  /** Held tail; only the first `#held` samples are valid. */
  #tail: Float32Array;
  #held = 0;
  #emitted = 0;

  /**
   * @param fadeLength samples to blend over (0 disables blending: overlapping samples are simply dropped).
   * Linear suits overlaps that carry the same audio (a vocoder run with context): the sum of weights is 1, so
   * identical signals come out unchanged. Equal power suits unrelated signals, whose powers add.
   */
  constructor(fadeLength: number, shape: CrossfadeShape) {
    this.#fadeLength = Math.max(0, Math.floor(fadeLength));
    this.#shape = shape;
    this.#tail = new Float32Array(this.#fadeLength);
  }

  /** Samples let out so far (not counting the held tail). */
  get emittedSamples(): number {
    return this.#emitted;
  }

  /**
   * Returns the output that became final with this chunk. `overlap` beyond what has been produced so far (e.g. on
   * the first chunk) is treated as duplicate audio and dropped.
   */
  push(samples: Float32Array, overlap: number): Float32Array {
    const o = Math.min(Math.max(0, Math.floor(overlap)), samples.length);
    const blend = Math.min(o, this.#fadeLength, this.#held);
    const fresh = samples.subarray(o);

    // Blend the newest `blend` held samples with the chunk's samples [o - blend, o).
    const tailStart = this.#held - blend;
    const incoming = samples.subarray(o - blend, o);
    for (let i = 0; i < blend; i++) {
      const t = (i + 0.5) / blend;
      this.#tail[tailStart + i] = this.#tail[tailStart + i] * fadeOutWeight(this.#shape, t)
        + incoming[i] * fadeInWeight(this.#shape, t);
    }

    // Pending audio is tail[0, held) followed by fresh; keep the last fadeLength of it, let the rest out.
    const pending = this.#held + fresh.length;
    const outLength = Math.max(0, pending - this.#fadeLength);
    const out = new Float32Array(outLength);
    const fromTail = Math.min(this.#held, outLength);
    out.set(this.#tail.subarray(0, fromTail), 0);
    out.set(fresh.subarray(0, outLength - fromTail), fromTail);

    const nextTail = new Float32Array(this.#fadeLength);
    const keepFromTail = this.#held - fromTail;
    nextTail.set(this.#tail.subarray(fromTail, this.#held), 0);
    nextTail.set(fresh.subarray(outLength - fromTail), keepFromTail);
    this.#tail = nextTail;
    this.#held = pending - outLength;
    this.#emitted += outLength;
    return out;
  }

  /** Lets the held tail out at the end of the utterance. */
  flush(): Float32Array {
    const out = this.#tail.slice(0, this.#held);
    this.#emitted += this.#held;
    this.#held = 0;
    return out;
  }
}
