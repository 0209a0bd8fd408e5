/**
 * Band-limited resampling of one mono stream with the Speex resampler (SpeexDSP, BSD-3-Clause), compiled to SIMD
 * WebAssembly (npm @echogarden/speex-resampler-wasm), keeping filter state across calls so chunk boundaries are
 * seamless. One WASM module per thread serves every stream; a stream is a few KB of filter state in it.
 *
 * Speex delays its output by the filter's latency; skip_zeros() at the start removes that, so output is time aligned
 * with the input like the other stages expect, and flush() feeds silence until the held samples are out, then trims
 * the total to round(inputSamples * ratio).
 */
import createSpeexModule from '@echogarden/speex-resampler-wasm/simd';

/** The part of the Emscripten module used here. */
interface SpeexModule {
  readonly HEAPF32: Float32Array;
  readonly HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _speex_resampler_init(channels: number, inRate: number, outRate: number, quality: number, errorPointer: number): number;
  _speex_resampler_process_float(state: number, channel: number, input: number, inputLength: number, output: number, outputLength: number): number;
  _speex_resampler_skip_zeros(state: number): number;
  _speex_resampler_destroy(state: number): void;
}

let loading: Promise<SpeexModule> | undefined;

function speexModule(): Promise<SpeexModule> {
  loading ??= createSpeexModule() as Promise<SpeexModule>;
  loading.catch(() => {
    loading = undefined; // a later stream may retry
  });
  return loading;
}

/** Input is fed in pieces no longer than this, so the scratch buffers stay small. */
const maxPiece = 4_096;
const flushPiece = 256;

export class SpeexResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly #module: SpeexModule;
  #state: number;
  /** One allocation: input piece, output piece, and the two length words. */
  readonly #scratch: number;
  readonly #outputCapacity: number;
  #inputSamples = 0;
  #outputSamples = 0;

  private constructor(module: SpeexModule, state: number, inputRate: number, outputRate: number) {
    this.#module = module;
    this.#state = state;
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.#outputCapacity = Math.ceil((maxPiece * outputRate) / inputRate) + 64;
    this.#scratch = module._malloc(4 * (maxPiece + this.#outputCapacity + 2));
  }

  /** `quality` 0 (cheapest) to 10 (best); 4 is the "voice over IP" setting of SpeexDSP itself. */
  static async create(inputRate: number, outputRate: number, quality: number): Promise<SpeexResampler> {
    const module = await speexModule();
    const errorPointer = module._malloc(4);
    try {
      const state = module._speex_resampler_init(1, inputRate, outputRate, quality, errorPointer);
      if (state === 0) throw new Error(`the Speex resampler refused ${inputRate} Hz -> ${outputRate} Hz at quality ${quality}`);
      module._speex_resampler_skip_zeros(state);
      return new SpeexResampler(module, state, inputRate, outputRate);
    } finally {
      module._free(errorPointer);
    }
  }

  get released(): boolean {
    return this.#state === 0;
  }

  process(input: Float32Array): Float32Array {
    if (this.#state === 0) throw new Error('SpeexResampler used after release()');
    this.#inputSamples += input.length;
    const out = new Float32Array(Math.ceil((input.length * this.outputRate) / this.inputRate) + 64 * Math.ceil(input.length / maxPiece + 1));
    let written = 0;
    for (let start = 0; start < input.length; start += maxPiece) {
      written += this.#convert(input.subarray(start, start + maxPiece), out, written);
    }
    return out.subarray(0, written);
  }

  /** Drains the held samples; after this the total output is round(input * outputRate / inputRate). */
  flush(): Float32Array {
    if (this.#state === 0) throw new Error('SpeexResampler used after release()');
    const expected = Math.round((this.#inputSamples * this.outputRate) / this.inputRate);
    const missing = Math.max(0, expected - this.#outputSamples);
    const out = new Float32Array(missing + this.#outputCapacity);
    const silence = new Float32Array(flushPiece);
    let written = 0;
    // The filter holds back well under a second; the cap only guards against a library that never drains.
    for (let tries = 0; written < missing && tries < 1000; tries++) written += this.#convert(silence, out, written);
    this.#outputSamples = expected;
    return out.slice(0, Math.min(written, missing));
  }

  release(): void {
    if (this.#state === 0) return;
    this.#module._speex_resampler_destroy(this.#state);
    this.#module._free(this.#scratch);
    this.#state = 0;
  }

  /** Resamples one piece (<= maxPiece) into out[at...]; returns the samples written. */
  #convert(piece: Float32Array, out: Float32Array, at: number): number {
    const module = this.#module;
    const inputPointer = this.#scratch;
    const outputPointer = inputPointer + 4 * maxPiece;
    const lengthsPointer = outputPointer + 4 * this.#outputCapacity;
    // Views are taken after every call that may grow the memory (none does here, but malloc elsewhere could).
    module.HEAPF32.set(piece, inputPointer >> 2);
    module.HEAPU32[lengthsPointer >> 2] = piece.length;
    module.HEAPU32[(lengthsPointer >> 2) + 1] = this.#outputCapacity;
    module._speex_resampler_process_float(this.#state, 0, inputPointer, lengthsPointer, outputPointer, lengthsPointer + 4);
    if (module.HEAPU32[lengthsPointer >> 2] !== piece.length) throw new Error('the Speex resampler did not take all of its input');
    const produced = module.HEAPU32[(lengthsPointer >> 2) + 1];
    const room = out.length - at;
    const kept = Math.min(produced, room);
    out.set(module.HEAPF32.subarray(outputPointer >> 2, (outputPointer >> 2) + kept), at);
    this.#outputSamples += produced;
    return kept;
  }
}
