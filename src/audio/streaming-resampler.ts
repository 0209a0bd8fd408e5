/**
 * Band-limited resampling of one mono stream to the output rate, keeping filter state across calls so chunk
 * boundaries are seamless: the Speex resampler (speex-resampler.ts), or a plain copy when the rates already match.
 *
 * Why Speex (measured with 22.05 -> 48 kHz tones; test/audio/streaming-resampler.test.ts keeps the bounds): at quality 5 its
 * images stay below -93 dB up to 10.5 kHz and the passband is flat to 9.5 kHz, where libsamplerate's "fastest" sinc
 * (the previous resampler, a plain-JS build) let images up to -64 dB through and fell 11 dB at 9.5 kHz; and it costs
 * 0.20 % of a core per stream against 0.42 %. Both are time aligned and give exactly round(n * ratio) samples.
 */
import type { ResamplerQuality } from './audio-pipeline-options.ts';
import { SpeexResampler } from './speex-resampler.ts';

/** Speex quality (0..10) for each named setting; 5 is SpeexDSP's own "desktop" quality. */
const speexQuality: Record<ResamplerQuality, number> = { best: 10, medium: 7, fastest: 5, linear: 0 };

export class StreamingResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly #speex: SpeexResampler | null;
  #released = false;

  private constructor(inputRate: number, outputRate: number, speex: SpeexResampler | null) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.#speex = speex;
  }

  static async create(inputRate: number, outputRate: number, quality: ResamplerQuality): Promise<StreamingResampler> {
    if (inputRate === outputRate) return new StreamingResampler(inputRate, outputRate, null);
    return new StreamingResampler(inputRate, outputRate, await SpeexResampler.create(inputRate, outputRate, speexQuality[quality]));
  }

  get released(): boolean {
    return this.#released;
  }

  process(input: Float32Array): Float32Array {
    if (this.#released) throw new Error('StreamingResampler used after release()');
    return this.#speex === null ? input.slice() : this.#speex.process(input);
  }

  /** Drains the held samples; after this the total output is round(input * outputRate / inputRate). */
  flush(): Float32Array {
    if (this.#released) throw new Error('StreamingResampler used after release()');
    return this.#speex === null ? new Float32Array(0) : this.#speex.flush();
  }

  /** Frees the filter state. Safe to call twice. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#speex?.release();
  }
}
