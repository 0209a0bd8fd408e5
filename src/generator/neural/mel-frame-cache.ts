import type { LogMelAnalyzer } from './log-mel-spectrogram.ts';

/**
 * The log-mel of consecutive streamed chunks, each frame analysed once. A chunk's context frames overlap the previous
 * chunk's (2 x 16 frames, a fifth of a 160-frame call), and the analyzer gives a frame the same value whatever range
 * it is asked for, so the overlap is copied from the last range instead of being analysed again.
 */
export class MelFrameCache {
  readonly #analyzer: LogMelAnalyzer;
  #last: { readonly start: number; readonly end: number; readonly mel: Float32Array } | undefined;

  constructor(analyzer: LogMelAnalyzer) {
    this.#analyzer = analyzer;
  }

  /** Band-major log-mel of frames [start, end) of `audio` (LogMelAnalyzer.compute's layout). */
  frames(audio: Float32Array, start: number, end: number): Float32Array {
    const last = this.#last;
    const reused = last !== undefined && last.start <= start && start < last.end ? Math.min(last.end, end) - start : 0;
    let mel: Float32Array;
    if (last === undefined || reused === 0) {
      mel = this.#analyzer.compute(audio, start, end);
    } else {
      const bands = this.#analyzer.config.melBands;
      const frames = end - start;
      const fresh = this.#analyzer.compute(audio, start + reused, end);
      const lastFrames = last.end - last.start;
      mel = new Float32Array(bands * frames);
      for (let m = 0; m < bands; m++) {
        const from = m * lastFrames + (start - last.start);
        mel.set(last.mel.subarray(from, from + reused), m * frames);
        mel.set(fresh.subarray(m * (frames - reused), (m + 1) * (frames - reused)), m * frames + reused);
      }
    }
    this.#last = { start, end, mel };
    return mel;
  }
}
