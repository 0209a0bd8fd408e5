/**
 * Cuts 48 kHz mono float audio into exact 20 ms Discord frames: 960 samples per channel, stereo interleaved
 * signed 16-bit little endian (what the Opus encoder takes). Input is expected in [-1, 1] (clipper.ts runs first).
 */

export const frameSampleRate = 48_000;
export const samplesPerFrame = 960;
export const frameChannels = 2;
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
    const frames: Buffer[] = [];
    let i = 0;
    if (this.#fill > 0) {
      const take = Math.min(samplesPerFrame - this.#fill, samples.length);
      this.#partial.set(samples.subarray(0, take), this.#fill);
      this.#fill += take;
      i = take;
      if (this.#fill === samplesPerFrame) {
        frames.push(toStereoPcm16(this.#partial));
        this.#fill = 0;
      }
    }
    for (; i + samplesPerFrame <= samples.length; i += samplesPerFrame) {
      frames.push(toStereoPcm16(samples.subarray(i, i + samplesPerFrame)));
    }
    if (i < samples.length) {
      this.#partial.set(samples.subarray(i), 0);
      this.#fill = samples.length - i;
    }
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
  const pcm = new Int16Array(mono.length * frameChannels);
  for (let i = 0; i < mono.length; i++) {
    const x = mono[i];
    const v = Math.round((x > 1 ? 1 : x < -1 ? -1 : x) * 32767);
    pcm[2 * i] = v;
    pcm[2 * i + 1] = v;
  }
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}
