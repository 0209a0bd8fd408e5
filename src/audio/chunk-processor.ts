/**
 * The float stages for one utterance, in order: crossfade joins -> phase rotation -> trim leading/trailing silence
 * -> loudness normalisation -> look-ahead limiter -> resample to 48 kHz -> watermark -> clip. Synchronous once created
 * (only making the resampler is async).
 *
 * The crossfade runs first because overlap samples are duplicates: the loudness estimate must see each moment of
 * audio once. The trimmer runs before the normaliser so that the normaliser's first measurement starts at the first
 * word rather than in the engine's opening pause. Phase rotation (src/audio/phase-rotator.ts) comes before the level
 * stages because it lowers the peaks they see without changing the loudness, and before the trimmer so that the few
 * ms it delays the lowest frequencies by stay inside the trimmer's pad. Clipping runs after resampling, as the last
 * float step, because band-limited resampling can overshoot a little; the limiter's ceiling below 0 dBFS leaves room
 * for that, so clipping stays rare. The watermark (src/audio/watermark) goes in at 48 kHz after the level is final, so its level
 * follows what is heard, and before clipping so nothing leaves the float stage above full scale; it holds nothing back.
 *
 * Held at any moment: the crossfade tail (fade length), silence the trimmer has not yet placed (at most
 * silenceMaxHoldSeconds), the normaliser's first measurement (loudnessPrimeSeconds, 0.8 s, at the start of a voice
 * whose level is not known; one 100 ms step when it is), the limiter's look-ahead and the resampler's few-sample
 * history - all bounded, independent of utterance length. So output starts once that
 * much speech has arrived (or at finish).
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
import { PhaseRotator } from './phase-rotator.ts';
import type { AudioPipelineStats } from './pipeline-stats.ts';
import { SilenceTrimmer } from './silence-trimmer.ts';
import { StreamingResampler } from './streaming-resampler.ts';
import { concatSamples } from './concat-samples.ts';
import { WatermarkEmbedder } from './watermark/watermark-embedder.ts';
import { payloadForId } from './watermark/watermark-payload.ts';

const minSampleRate = 8_000;
const maxSampleRate = 192_000;

export class ChunkProcessor {
  readonly sampleRate: number;
  readonly #stats: AudioPipelineStats;
  readonly #crossfader: Crossfader;
  readonly #trimmer: SilenceTrimmer | null;
  readonly #normalizer: LoudnessNormalizer | null;
  readonly #rotator: PhaseRotator | null;
  readonly #limiter: LookaheadLimiter | null;
  readonly #resampler: StreamingResampler;
  readonly #speechThreshold: number;
  readonly #watermark: WatermarkEmbedder | null;
  /** Input-rate samples that went past the trimmer before the first speech sample; null until speech. */
  #samplesBeforeSpeech: number | null = null;
  #trimmedSamples = 0;

  private constructor(sampleRate: number, options: AudioPipelineOptions, stats: AudioPipelineStats,
    resampler: StreamingResampler) {
    this.sampleRate = sampleRate;
    this.#stats = stats;
    this.#resampler = resampler;
    this.#speechThreshold = dbToGain(options.silenceThresholdDbfs);
    this.#watermark = options.watermark ? new WatermarkEmbedder(payloadForId(options.watermarkId)) : null;
    this.#crossfader = new Crossfader(Math.round(options.crossfadeSeconds * sampleRate), options.crossfadeShape);
    this.#trimmer = options.trimSilence
      ? new SilenceTrimmer(sampleRate, {
        threshold: this.#speechThreshold,
        leadPadSeconds: options.leadingPadSeconds,
        trailPadSeconds: options.trailingPadSeconds,
        maxHoldSeconds: options.silenceMaxHoldSeconds,
      })
      : null;
    this.#normalizer = options.normalise
      ? new LoudnessNormalizer(sampleRate, {
        targetLufs: options.targetLufs,
        maxGainDb: options.maxGainDb,
        gateLufs: options.gateLufs,
        primeSeconds: options.expectedLoudnessLufs === undefined ? options.loudnessPrimeSeconds : options.loudnessPrimeKnownVoiceSeconds,
        memorySeconds: options.loudnessMemorySeconds,
        maxGainChangeDbPerSecond: options.maxGainChangeDbPerSecond,
        expectedLufs: options.expectedLoudnessLufs,
        priorSeconds: options.loudnessPriorSeconds,
      })
      : null;
    this.#rotator = options.phaseRotation ? new PhaseRotator(sampleRate) : null;
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
    // Rotation before trimming: its few ms of low-frequency delay then falls inside the trimmer's pad, not after it.
    let signal = this.#trim(this.#rotator === null ? joined : this.#rotator.process(joined), final);
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
    this.#watermark?.process(out);
    this.#stats.clippedSamples += clipInPlace(out);
    this.#stats.outputSamples += out.length;
    const speechStart = this.#stats.speechStartSample;
    if (speechStart !== null && this.#stats.firstSpeechAt === null && this.#stats.outputSamples > speechStart) {
      this.#stats.firstSpeechAt = performance.now();
    }
    return out;
  }

  /** Runs the trimmer (when on) and notes where the first speech sample is, for the time-to-first-speech figures. */
  #trim(joined: Float32Array, final: boolean): Float32Array {
    let signal = joined;
    if (this.#trimmer !== null) {
      signal = this.#trimmer.process(signal);
      if (final) signal = concatSamples([signal, this.#trimmer.finish()]);
      if (this.#samplesBeforeSpeech === null && this.#trimmer.speechStarted) this.#samplesBeforeSpeech = this.#trimmer.leadPadSamples;
      this.#stats.trimmedLeadingSeconds = this.#trimmer.leadingDroppedSamples / this.sampleRate;
      this.#stats.trimmedTrailingSeconds = this.#trimmer.trailingDroppedSamples / this.sampleRate;
    } else if (this.#samplesBeforeSpeech === null) {
      let i = 0;
      while (i < signal.length && !(Math.abs(signal[i]) >= this.#speechThreshold)) i++;
      if (i < signal.length) this.#samplesBeforeSpeech = this.#trimmedSamples + i;
      this.#trimmedSamples += signal.length;
    }
    if (this.#samplesBeforeSpeech !== null && this.#stats.speechStartSample === null) {
      this.#stats.speechStartSample = Math.round(this.#samplesBeforeSpeech * frameSampleRate / this.sampleRate);
    }
    return signal;
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
