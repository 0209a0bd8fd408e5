/**
 * Smooth loudness normalisation across chunk boundaries: one gain trajectory for the whole utterance, steered by a
 * running K-weighted loudness estimate, instead of rescaling each chunk on its own (which makes the level jump at
 * every join).
 *
 * The signal is handled in 10 ms measurement blocks. A block is held until it is complete, measured, then released
 * with the gain ramping linearly from the previous block's gain to the new one, so the gain never steps. The
 * estimate is the mean of all loud-enough blocks during a warm-up of `attackSeconds`, then an exponential average
 * with a faster time constant for rising loudness than for falling. Blocks under the gate (silence, breaths, noise
 * floor) leave the estimate alone, and the gain never exceeds `maxGainDb`, so quiet noise is not pumped up.
 * Peaks are the limiter's job (lookahead-limiter.ts), which runs right after this.
 */
import { dbToGain, gainToDb, lufsToMeanSquare } from './decibels.ts';
import { KWeightingFilter } from './k-weighting.ts';

export interface LoudnessSettings {
  readonly targetLufs: number;
  readonly maxGainDb: number;
  readonly gateLufs: number;
  readonly attackSeconds: number;
  readonly releaseSeconds: number;
}

const blockSeconds = 0.01;
/** Below this the gain is not lowered further: guards against absurd estimates from clipped full-scale noise. */
const minGainDb = -40;

export class LoudnessNormalizer {
  readonly #settings: LoudnessSettings;
  readonly #filter: KWeightingFilter;
  readonly #block: Float32Array;
  readonly #gateMeanSquare: number;
  readonly #attackCoef: number;
  readonly #releaseCoef: number;
  readonly #warmupBlocks: number;
  #fill = 0;
  #sumSquares = 0;
  #gatedBlocks = 0;
  #estimate = 0;
  #gain = 1;
  #peakGain = 1;

  constructor(sampleRate: number, settings: LoudnessSettings) {
    this.#settings = settings;
    this.#filter = new KWeightingFilter(sampleRate);
    this.#block = new Float32Array(Math.max(1, Math.round(sampleRate * blockSeconds)));
    this.#gateMeanSquare = lufsToMeanSquare(settings.gateLufs);
    const blockDuration = this.#block.length / sampleRate;
    this.#attackCoef = 1 - Math.exp(-blockDuration / settings.attackSeconds);
    this.#releaseCoef = 1 - Math.exp(-blockDuration / settings.releaseSeconds);
    this.#warmupBlocks = Math.max(1, Math.round(settings.attackSeconds / blockDuration));
  }

  /** Highest gain applied so far, in dB. */
  get peakGainDb(): number {
    return gainToDb(this.#peakGain);
  }

  get gainDb(): number {
    return gainToDb(this.#gain);
  }

  /** Samples held back waiting for their block to complete. */
  get pendingSamples(): number {
    return this.#fill;
  }

  /** Returns the gain-applied samples of every block completed by `input` (at most one block behind). */
  process(input: Float32Array): Float32Array {
    const blockLength = this.#block.length;
    const out = new Float32Array(Math.floor((this.#fill + input.length) / blockLength) * blockLength);
    let written = 0;
    // Whole runs up to the next block boundary at a time: the filter loop and the copy stay tight.
    for (let start = 0; start < input.length;) {
      const end = Math.min(input.length, start + blockLength - this.#fill);
      this.#sumSquares = this.#filter.accumulateSquares(input, start, end, this.#sumSquares);
      this.#block.set(input.subarray(start, end), this.#fill);
      this.#fill += end - start;
      start = end;
      if (this.#fill === blockLength) {
        this.#releaseBlock(out, written, blockLength);
        written += blockLength;
      }
    }
    return out;
  }

  /** Releases the last, partial block. */
  flush(): Float32Array {
    const out = new Float32Array(this.#fill);
    if (this.#fill > 0) this.#releaseBlock(out, 0, this.#fill);
    return out;
  }

  #releaseBlock(out: Float32Array, offset: number, length: number): void {
    this.#updateEstimate(this.#sumSquares / length);
    const from = this.#gain;
    const to = this.#targetGain();
    const step = (to - from) / length;
    const block = this.#block;
    for (let i = 0; i < length; i++) {
      out[offset + i] = block[i] * (from + step * (i + 1));
    }
    this.#gain = to;
    if (to > this.#peakGain) this.#peakGain = to;
    this.#fill = 0;
    this.#sumSquares = 0;
  }

  #updateEstimate(meanSquare: number): void {
    if (!(meanSquare > this.#gateMeanSquare)) return;
    this.#gatedBlocks++;
    if (this.#gatedBlocks <= this.#warmupBlocks) {
      // Plain mean while warming up: the first 10 ms of speech alone would be a poor guess.
      this.#estimate += (meanSquare - this.#estimate) / this.#gatedBlocks;
      return;
    }
    const coef = meanSquare > this.#estimate ? this.#attackCoef : this.#releaseCoef;
    this.#estimate += coef * (meanSquare - this.#estimate);
  }

  #targetGain(): number {
    if (this.#gatedBlocks === 0) return this.#gain;
    const wantedDb = 10 * Math.log10(lufsToMeanSquare(this.#settings.targetLufs) / this.#estimate);
    return dbToGain(Math.min(this.#settings.maxGainDb, Math.max(minGainDb, wantedDb)));
  }
}
