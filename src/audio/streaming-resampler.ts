/**
 * Band-limited resampling of one mono stream with libsamplerate (WASM build), keeping filter state across calls so
 * chunk boundaries are seamless.
 *
 * How the library behaves (read from its source): `full()` runs src_process with end_of_input = 0 on a converter
 * created once per instance, so state carries over between calls, and with its 4 MB output buffer all input is
 * consumed each call. The sinc converters are time aligned (no delay) but hold back the last few output samples
 * until they have seen enough future input, and never get an end-of-input flag. `flush()` therefore feeds silence
 * until the held samples are out and trims the total to round(inputSamples * ratio). `simple()` would reset state
 * on every call (a click at each chunk join), so it is not used. Each instance is its own WASM module (~6 MB RSS).
 */
import libsamplerate from '@alexanderolsen/libsamplerate-js';
import type { ResamplerQuality } from './audio-pipeline-options.ts';

type Converter = Awaited<ReturnType<typeof libsamplerate.create>>;

const converterTypes: Record<ResamplerQuality, 0 | 1 | 2 | 4> = {
  best: libsamplerate.ConverterType.SRC_SINC_BEST_QUALITY as 0,
  medium: libsamplerate.ConverterType.SRC_SINC_MEDIUM_QUALITY as 1,
  fastest: libsamplerate.ConverterType.SRC_SINC_FASTEST as 2,
  linear: libsamplerate.ConverterType.SRC_LINEAR as 4,
};

/** Input is fed in pieces no longer than this, keeping the copy into and out of WASM memory small. */
const maxPiece = 16_384;
const flushPiece = 256;

export class StreamingResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly #converter: Converter | null;
  #inputSamples = 0;
  #outputSamples = 0;
  #released = false;

  private constructor(inputRate: number, outputRate: number, converter: Converter | null) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.#converter = converter;
  }

  static async create(inputRate: number, outputRate: number, quality: ResamplerQuality): Promise<StreamingResampler> {
    if (inputRate === outputRate) return new StreamingResampler(inputRate, outputRate, null);
    const converter = await libsamplerate.create(1, inputRate, outputRate, { converterType: converterTypes[quality] });
    return new StreamingResampler(inputRate, outputRate, converter);
  }

  get released(): boolean {
    return this.#released;
  }

  process(input: Float32Array): Float32Array {
    if (this.#released) throw new Error('StreamingResampler used after release()');
    this.#inputSamples += input.length;
    if (this.#converter === null) {
      this.#outputSamples += input.length;
      return input.slice();
    }
    if (input.length <= maxPiece) return this.#convert(input);
    const pieces: Float32Array[] = [];
    for (let start = 0; start < input.length; start += maxPiece) {
      pieces.push(this.#convert(input.subarray(start, start + maxPiece)));
    }
    return concat(pieces);
  }

  /** Drains the converter's held samples; after this the total output is round(input * outputRate / inputRate). */
  flush(): Float32Array {
    if (this.#released) throw new Error('StreamingResampler used after release()');
    const expected = Math.round(this.#inputSamples * this.outputRate / this.inputRate);
    if (this.#converter === null) return new Float32Array(0);
    const pieces: Float32Array[] = [];
    const silence = new Float32Array(flushPiece);
    // A sinc converter holds back well under a second; the cap only guards against a library that never drains.
    for (let tries = 0; this.#outputSamples < expected && tries < 1000; tries++) {
      pieces.push(this.#convert(silence));
    }
    const all = concat(pieces);
    const overshoot = this.#outputSamples - expected;
    this.#outputSamples = expected;
    return overshoot > 0 ? all.subarray(0, all.length - overshoot) : all;
  }

  /** Frees the WASM converter. Safe to call twice. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#converter?.destroy();
  }

  #convert(piece: Float32Array): Float32Array {
    const converter = this.#converter as Converter;
    const out = converter.full(piece);
    this.#outputSamples += out.length;
    return out;
  }
}

function concat(pieces: readonly Float32Array[]): Float32Array {
  if (pieces.length === 1) return pieces[0];
  let length = 0;
  for (const p of pieces) length += p.length;
  const out = new Float32Array(length);
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
