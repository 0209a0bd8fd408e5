/**
 * Band-limited resampling of one mono stream with libsamplerate (WASM build), keeping filter state across calls so
 * chunk boundaries are seamless.
 *
 * How the library behaves (read from its source): `full()` runs src_process with end_of_input = 0 on a converter
 * created once per instance, so state carries over between calls, and with its 4 MB output buffer all input is
 * consumed each call. The sinc converters are time aligned (no delay) but hold back the last few output samples
 * until they have seen enough future input, and never get an end-of-input flag. `flush()` therefore feeds silence
 * until the held samples are out and trims the total to round(inputSamples * ratio). `simple()` would reset state
 * on every call (a click at each chunk join), so it is not used.
 *
 * Each converter is its own compiled module (~6 MB RSS, ~25 ms to create on a busy core, which would delay the
 * first frame), so released converters are reset and kept in a small pool per rate pair and quality.
 */
import libsamplerate from '@alexanderolsen/libsamplerate-js';
import type { ResamplerQuality } from './audio-pipeline-options.ts';
import { concatSamples } from './concat-samples.ts';

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
/** Idle converters kept per (input rate, output rate, quality). */
const poolSizePerKey = 4;
const pool = new Map<string, Converter[]>();

function poolKey(inputRate: number, outputRate: number, quality: ResamplerQuality): string {
  return `${inputRate}:${outputRate}:${quality}`;
}

/**
 * Creates idle converters ahead of need, so the first utterances at this rate do not pay the ~25 ms creation on the
 * main thread (which would delay every guild's next voice packet). Never fills the pool beyond its size.
 */
export async function prewarmResamplers(
  inputRate: number,
  outputRate: number,
  quality: ResamplerQuality,
  count: number,
): Promise<void> {
  if (inputRate === outputRate) return;
  const key = poolKey(inputRate, outputRate, quality);
  const idle = pool.get(key) ?? [];
  pool.set(key, idle);
  while (idle.length < Math.min(count, poolSizePerKey)) {
    idle.push(await libsamplerate.create(1, inputRate, outputRate, { converterType: converterTypes[quality] }));
  }
}

export class StreamingResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly #converter: Converter | null;
  readonly #key: string;
  #inputSamples = 0;
  #outputSamples = 0;
  #released = false;

  private constructor(inputRate: number, outputRate: number, converter: Converter | null, key: string) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.#converter = converter;
    this.#key = key;
  }

  static async create(inputRate: number, outputRate: number, quality: ResamplerQuality): Promise<StreamingResampler> {
    const key = poolKey(inputRate, outputRate, quality);
    if (inputRate === outputRate) return new StreamingResampler(inputRate, outputRate, null, key);
    const pooled = pool.get(key)?.pop();
    const converter = pooled
      ?? await libsamplerate.create(1, inputRate, outputRate, { converterType: converterTypes[quality] });
    return new StreamingResampler(inputRate, outputRate, converter, key);
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
    return concatSamples(pieces);
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
    const all = concatSamples(pieces);
    const overshoot = this.#outputSamples - expected;
    this.#outputSamples = expected;
    return overshoot > 0 ? all.subarray(0, all.length - overshoot) : all;
  }

  /** Hands the converter back (reset, to the pool, or freed when the pool is full). Safe to call twice. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const converter = this.#converter;
    if (converter === null) return;
    const idle = pool.get(this.#key) ?? [];
    if (idle.length >= poolSizePerKey) {
      converter.destroy();
      return;
    }
    // Assigning the converter type re-creates the libsamplerate state (src_delete + src_new): a clean history.
    const type = converter.converterType;
    converter.converterType = type;
    idle.push(converter);
    pool.set(this.#key, idle);
  }

  #convert(piece: Float32Array): Float32Array {
    const converter = this.#converter as Converter;
    const out = converter.full(piece);
    this.#outputSamples += out.length;
    return out;
  }
}
