/**
 * Loudness normalisation for one utterance: one smooth gain trajectory steered by a running estimate of the
 * BS.1770 integrated loudness, so the message comes out at the target without the level jumping at chunk joins.
 *
 * The starting gain is what the ear judges first, so it is not guessed from the first quiet milliseconds of a word:
 * it comes from the voice's typical loudness when the caller knows it (voice-loudness.ts), and the first
 * `primeSeconds` of audio (the start of the first chunk, which exists before any of it plays) are held and measured
 * as whole 400 ms blocks. The first gain applies to the whole held stretch at once.
 *
 * After that every sample goes out at once (a chunk's tail is never held back for the next chunk: that would be
 * audio the listener could already have had while the next one is made). The signal is measured in 100 ms steps
 * (K-weighted, 400 ms blocks every 100 ms, blocks under the absolute gate or 10 LU below the running estimate left
 * out, as in BS.1770); each completed step sets a new gain, which the next 100 ms of output ramp to linearly, at most
 * `maxGainChangeDbPerSecond`, so the gain never steps. The
 * estimate is a running mean over all gated blocks so far (the expected loudness counting as `priorSeconds` of
 * them) that forgets beyond `memorySeconds`, so the gain settles instead of pumping with every word. The gain never
 * exceeds `maxGainDb`, so noise is not pumped up. Peaks are the limiter's job (lookahead-limiter.ts), right after.
 */
import { concatSamples } from './concat-samples.ts';
import { dbToGain, lufsToMeanSquare, meanSquareToLufs } from './decibels.ts';
import { KWeightingFilter } from './k-weighting.ts';

export interface LoudnessSettings {
  readonly targetLufs: number;
  readonly maxGainDb: number;
  /** Absolute gate (LUFS) for measurement blocks: quieter blocks do not move the estimate. */
  readonly gateLufs: number;
  /** Audio held and measured before the first gain is chosen (s). */
  readonly primeSeconds: number;
  /** The estimate averages over about this much gated audio at most (s). */
  readonly memorySeconds: number;
  readonly maxGainChangeDbPerSecond: number;
  /** The voice's typical integrated loudness (LUFS), when known. */
  readonly expectedLufs?: number | undefined;
  /** How much measured audio the expected loudness counts for in the estimate (s). */
  readonly priorSeconds: number;
}

const stepSeconds = 0.1;
/** BS.1770 measures 400 ms blocks: four 100 ms steps. */
const stepsPerBlock = 4;
const relativeGateLu = -10;
/** Below this the gain is not lowered further: guards against absurd estimates from clipped full-scale noise. */
const minGainDb = -40;

export class LoudnessNormalizer {
  readonly #settings: LoudnessSettings;
  readonly #filter: KWeightingFilter;
  readonly #step: number;
  readonly #primeSteps: number;
  readonly #decay: number;
  readonly #maxChangeDb: number;
  /** The prime while it is held (sized to it exactly: it is released at the step that completes it); empty after. */
  #pending: Float32Array;
  #pendingLength = 0;
  /** Mean squares of the last steps, newest last, for the 400 ms blocks. */
  readonly #stepMeans: number[] = [];
  #stepFill = 0;
  #stepSquares = 0;
  #stepsDone = 0;
  #blocksMeasured = 0;
  #primed = false;
  /** Running gated mean of block mean squares and its total weight (in blocks). */
  #estimate = 0;
  #weight = 0;
  #gainDb = 0;
  #peakGainDb = -Infinity;
  /** The ramp the released samples follow: linear gain from -> to over one step; `rampAt` samples into it. */
  #rampFrom = 1;
  #rampTo = 1;
  #rampAt = 0;

  constructor(sampleRate: number, settings: LoudnessSettings) {
    this.#settings = settings;
    this.#filter = new KWeightingFilter(sampleRate);
    this.#step = Math.max(1, Math.round(sampleRate * stepSeconds));
    this.#primeSteps = Math.max(1, Math.ceil(settings.primeSeconds / stepSeconds - 1e-9));
    this.#pending = new Float32Array(this.#step * this.#primeSteps);
    this.#decay = Math.max(0, 1 - stepSeconds / settings.memorySeconds);
    this.#maxChangeDb = settings.maxGainChangeDbPerSecond * stepSeconds;
    if (settings.expectedLufs !== undefined && Number.isFinite(settings.expectedLufs)) {
      this.#estimate = lufsToMeanSquare(settings.expectedLufs);
      this.#weight = settings.priorSeconds / stepSeconds;
    }
  }

  /** Highest gain applied so far, in dB (0 before any output). */
  get peakGainDb(): number {
    return Number.isFinite(this.#peakGainDb) ? this.#peakGainDb : 0;
  }

  /** The gain the output is at or ramping to, in dB. */
  get gainDb(): number {
    return this.#gainDb;
  }

  /** Samples held back: the prime at the start, then none. */
  get pendingSamples(): number {
    return this.#pendingLength;
  }

  /** Returns the gain-applied samples that `input` makes final. */
  process(input: Float32Array): Float32Array {
    const parts: Float32Array[] = [];
    // Whole runs up to the next step boundary at a time: the filter loop and the copy stay tight.
    for (let start = 0; start < input.length;) {
      const end = Math.min(input.length, start + this.#step - this.#stepFill);
      this.#stepSquares = this.#filter.accumulateSquares(input, start, end, this.#stepSquares);
      if (this.#primed) parts.push(this.#applyRamp(input.subarray(start, end)));
      else this.#append(input.subarray(start, end));
      this.#stepFill += end - start;
      start = end;
      if (this.#stepFill === this.#step) {
        this.#completeStep(this.#stepSquares / this.#step);
        if (this.#primed) this.#startRamp();
        else if (this.#stepsDone >= this.#primeSteps) parts.push(this.#releasePrime());
      }
    }
    return concatSamples(parts);
  }

  /** Releases everything held, at the end of the utterance. */
  flush(): Float32Array {
    if (this.#stepFill > 0) this.#completeStep(this.#stepSquares / this.#stepFill);
    // An utterance shorter than one 400 ms block is measured as the one short block it is.
    if (this.#blocksMeasured === 0 && this.#stepMeans.length > 0) this.#measureBlock(mean(this.#stepMeans));
    return this.#pendingLength > 0 ? this.#releasePrime() : new Float32Array(0);
  }

  #append(samples: Float32Array): void {
    this.#pending.set(samples, this.#pendingLength);
    this.#pendingLength += samples.length;
  }

  #completeStep(meanSquare: number): void {
    this.#stepMeans.push(meanSquare);
    if (this.#stepMeans.length > stepsPerBlock) this.#stepMeans.shift();
    this.#stepsDone++;
    this.#stepFill = 0;
    this.#stepSquares = 0;
    // Whole 400 ms blocks only, as BS.1770: shorter ones would count a quiet first syllable in every early block.
    if (this.#stepMeans.length === stepsPerBlock) this.#measureBlock(mean(this.#stepMeans));
  }

  #measureBlock(meanSquare: number): void {
    this.#blocksMeasured++;
    if (!(meanSquareToLufs(meanSquare) > this.#settings.gateLufs)) return;
    if (this.#weight > 0 && meanSquareToLufs(meanSquare) <= meanSquareToLufs(this.#estimate) + relativeGateLu) return;
    this.#weight = this.#weight * this.#decay + 1;
    this.#estimate += (meanSquare - this.#estimate) / this.#weight;
  }

  #wantedGainDb(): number {
    if (this.#weight === 0) return this.#gainDb;
    const wanted = this.#settings.targetLufs - meanSquareToLufs(this.#estimate);
    return Math.min(this.#settings.maxGainDb, Math.max(minGainDb, wanted));
  }

  /** Lets the held prime out, all at the first gain, chosen from what it measured. */
  #releasePrime(): Float32Array {
    const gainDb = this.#wantedGainDb();
    const gain = dbToGain(gainDb);
    const out = new Float32Array(this.#pendingLength);
    for (let i = 0; i < out.length; i++) out[i] = this.#pending[i] * gain;
    this.#primed = true;
    this.#gainDb = gainDb;
    this.#peakGainDb = Math.max(this.#peakGainDb, gainDb);
    this.#rampFrom = gain;
    this.#rampTo = gain;
    this.#rampAt = this.#step;
    this.#pendingLength = 0;
    this.#pending = new Float32Array(0);
    return out;
  }

  /** A step completed: the next step's worth of output ramps from the gain reached to the newly wanted one. */
  #startRamp(): void {
    const toDb = this.#gainDb + Math.max(-this.#maxChangeDb, Math.min(this.#maxChangeDb, this.#wantedGainDb() - this.#gainDb));
    this.#rampFrom = this.#gainAt(this.#rampAt);
    this.#rampTo = dbToGain(toDb);
    this.#rampAt = 0;
    this.#gainDb = toDb;
    this.#peakGainDb = Math.max(this.#peakGainDb, toDb);
  }

  #gainAt(position: number): number {
    return position >= this.#step ? this.#rampTo : this.#rampFrom + ((this.#rampTo - this.#rampFrom) * position) / this.#step;
  }

  #applyRamp(samples: Float32Array): Float32Array {
    const out = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      this.#rampAt++;
      out[i] = samples[i] * this.#gainAt(this.#rampAt);
    }
    return out;
  }
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
