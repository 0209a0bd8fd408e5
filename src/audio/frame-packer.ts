/**
 * Cuts 48 kHz mono float audio into exact 20 ms Discord frames: 960 samples per channel, stereo interleaved
 * signed 16-bit little endian (what the Opus encoder takes). Input is expected in [-1, 1] (clipper.ts runs first).
 */

export const frameSampleRate = 48_000;
export const samplesPerFrame = 960;
const frameChannels = 2;
export const frameBytes = samplesPerFrame * frameChannels * 2;

export class FramePacker {
  readonly #partial = new Float32Array(samplesPerFrame);
  #fill = 0;

  /** Samples waiting for their frame to fill up. */
  get pendingSamples(): number {
    return this.#fill;
  }

  /** Every frame completed by `samples`. */
  push(samples: Float32Array): Buffer[] {
    let i = 0;
    let partialDone = false;
    if (this.#fill > 0) {
      const take = Math.min(samplesPerFrame - this.#fill, samples.length);
      this.#partial.set(samples.subarray(0, take), this.#fill);
      this.#fill += take;
      i = take;
      partialDone = this.#fill === samplesPerFrame;
    }
    const whole = Math.floor((samples.length - i) / samplesPerFrame);
    const count = whole + (partialDone ? 1 : 0);
    // One allocation for all the frames of this piece instead of one per frame; each frame is a view of it.
    const pcm = new Int32Array(count * samplesPerFrame);
    let frame = 0;
    if (partialDone) {
      writeStereoPcm16(this.#partial, 0, pcm, 0);
      this.#fill = 0;
      frame++;
    }
    for (; frame < count; frame++, i += samplesPerFrame) writeStereoPcm16(samples, i, pcm, frame * samplesPerFrame);
    if (i < samples.length) {
      this.#partial.set(samples.subarray(i), 0);
      this.#fill = samples.length - i;
    }
    const frames: Buffer[] = [];
    for (let k = 0; k < count; k++) frames.push(Buffer.from(pcm.buffer, k * frameBytes, frameBytes));
    return frames;
  }

  /** The last partial frame padded with silence (if any), then `paddingFrames` silent frames. */
  flush(paddingFrames: number): Buffer[] {
    const frames: Buffer[] = [];
    if (this.#fill > 0) {
      this.#partial.fill(0, this.#fill);
      frames.push(toStereoPcm16(this.#partial));
      this.#fill = 0;
    }
    for (let k = 0; k < paddingFrames; k++) frames.push(Buffer.alloc(frameBytes));
    return frames;
  }
}

/** One frame of mono float to interleaved stereo int16 (both channels the same), in machine (little) endian order. */
export function toStereoPcm16(mono: Float32Array): Buffer {
  const pcm = new Int32Array(mono.length);
  writeStereoPcm16(mono, 0, pcm, 0, mono.length);
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

/**
 * Writes `count` mono samples from mono[from] as stereo int16 pairs. Both halves of each 32-bit word hold the same
 * value, so one store writes a left/right pair and the result is the same in either byte order.
 */
function writeStereoPcm16(mono: Float32Array, from: number, out: Int32Array, outOffset: number,
  count = samplesPerFrame): void {
  for (let i = 0; i < count; i++) {
    const x = mono[from + i];
    // floor(v + 0.5) is Math.round(v) for every value here (v is a float32 times 32767, so v + 0.5 is exact or
    // too close to 0.5 to cross an integer), and is several times faster in V8.
    const v = Math.floor((x > 1 ? 1 : x < -1 ? -1 : x) * 32767 + 0.5);
    out[outOffset + i] = (v & 0xffff) | (v << 16);
  }
}
