/**
 * The float stages for one utterance, in order: crossfade joins -> loudness normalisation -> look-ahead limiter ->
 * resample to 48 kHz -> clip. Synchronous once created (only making the resampler is async).
 *
 * The crossfade runs first because overlap samples are duplicates: the loudness estimate must see each moment of
 * audio once. Clipping runs after resampling, as the last float step, because band-limited resampling can
 * overshoot a little; the limiter's ceiling below 0 dBFS leaves room for that, so clipping stays rare.
 *
 * Held at any moment: the crossfade tail (fade length), one 10 ms loudness block, the limiter's look-ahead and the
 * resampler's few-sample history - all fixed sizes, independent of utterance length.
 */
import type { AudioChunk } from './audio-chunk.ts';
import type { AudioPipelineOptions } from './audio-pipeline-options.ts';
import { AudioPipelineError } from './audio-pipeline-error.ts';
import { clipInPlace, replaceNonFinite } from './clipper.ts';
import { Crossfader } from './crossfader.ts';
import { dbToGain } from './decibels.ts';
import { frameSampleRate } from './frame-packer.ts';
import { LookaheadLimiter } from './lookahead-limiter.ts';
import { LoudnessNormalizer } from './loudness-normalizer.ts';
import type { AudioPipelineStats } from './pipeline-stats.ts';
import { StreamingResampler } from './streaming-resampler.ts';
import { concatSamples } from './concat-samples.ts';

const minSampleRate = 8_000;
const maxSampleRate = 192_000;

export class ChunkProcessor {
  readonly sampleRate: number;
  readonly #stats: AudioPipelineStats;
  readonly #crossfader: Crossfader;
  readonly #normalizer: LoudnessNormalizer | null;
  readonly #limiter: LookaheadLimiter | null;
  readonly #resampler: StreamingResampler;

  private constructor(sampleRate: number, options: AudioPipelineOptions, stats: AudioPipelineStats,
    resampler: StreamingResampler) {
    this.sampleRate = sampleRate;
    this.#stats = stats;
    this.#resampler = resampler;
    this.#crossfader = new Crossfader(Math.round(options.crossfadeSeconds * sampleRate), options.crossfadeShape);
    this.#normalizer = options.normalise
      ? new LoudnessNormalizer(sampleRate, {
        targetLufs: options.targetLufs,
        maxGainDb: options.maxGainDb,
        gateLufs: options.gateLufs,
        attackSeconds: options.loudnessAttackSeconds,
        releaseSeconds: options.loudnessReleaseSeconds,
      })
      : null;
    this.#limiter = options.normalise
      ? new LookaheadLimiter(sampleRate, {
        ceiling: dbToGain(options.ceilingDbfs),
        lookaheadSeconds: options.limiterLookaheadSeconds,
        releaseSeconds: options.limiterReleaseSeconds,
      })
      : null;
  }

  static async create(sampleRate: number, options: AudioPipelineOptions, stats: AudioPipelineStats): Promise<ChunkProcessor> {
    if (!Number.isInteger(sampleRate) || sampleRate < minSampleRate || sampleRate > maxSampleRate) {
      throw new AudioPipelineError(`Audio sample rate ${String(sampleRate)} Hz is not supported (expected a whole number from ${minSampleRate} to ${maxSampleRate}).`);
    }
    const resampler = await StreamingResampler.create(sampleRate, frameSampleRate, options.resamplerQuality);
    return new ChunkProcessor(sampleRate, options, stats, resampler);
  }

  get released(): boolean {
    return this.#resampler.released;
  }

  /** 48 kHz mono output made final by this chunk (may be empty while stages fill up). */
  process(chunk: AudioChunk): Float32Array {
    checkChunk(chunk, this.sampleRate);
    const { samples, replaced } = replaceNonFinite(chunk.samples);
    this.#stats.nonFiniteSamples += replaced;
    return this.#afterCrossfade(this.#crossfader.push(samples, chunk.overlap), false);
  }

  /** Everything still held, at the end of the utterance. */
  finish(): Float32Array {
    return this.#afterCrossfade(this.#crossfader.flush(), true);
  }

  release(): void {
    this.#resampler.release();
  }

  #afterCrossfade(joined: Float32Array, final: boolean): Float32Array {
    let signal = joined;
    if (this.#normalizer !== null && this.#limiter !== null) {
      signal = this.#normalizer.process(signal);
      if (final) signal = concatSamples([signal, this.#normalizer.flush()]);
      signal = this.#limiter.process(signal);
      if (final) signal = concatSamples([signal, this.#limiter.flush()]);
      this.#stats.peakGainDb = this.#normalizer.peakGainDb;
      this.#stats.limiterMaxReductionDb = this.#limiter.maxReductionDb;
    }
    let out = this.#resampler.process(signal);
    if (final) out = concatSamples([out, this.#resampler.flush()]);
    this.#stats.clippedSamples += clipInPlace(out);
    this.#stats.outputSamples += out.length;
    return out;
  }
}

function checkChunk(chunk: AudioChunk, sampleRate: number): void {
  if (!(chunk.samples instanceof Float32Array)) {
    throw new AudioPipelineError('Audio chunk samples must be a Float32Array.');
  }
  if (chunk.sampleRate !== sampleRate) {
    throw new AudioPipelineError(`Audio chunk sample rate changed from ${sampleRate} Hz to ${String(chunk.sampleRate)} Hz within one utterance.`);
  }
  if (!Number.isInteger(chunk.overlap) || chunk.overlap < 0 || chunk.overlap > chunk.samples.length) {
    throw new AudioPipelineError(`Audio chunk overlap ${String(chunk.overlap)} must be a whole number from 0 to its length ${chunk.samples.length}.`);
  }
}
