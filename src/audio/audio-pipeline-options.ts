/**
 * Settings of the streaming audio pipeline (src/audio): loudness normalisation, crossfade, resampling and Opus.
 * Every field has a default; callers pass a Partial and get the rest from `defaultAudioPipelineOptions`.
 */
import { AudioPipelineError } from './audio-pipeline-error.ts';

export type CrossfadeShape = 'linear' | 'equal-power';

/** libsamplerate converters we allow. 'fastest' is the realtime default (see bench/audio.bench.ts for costs). */
export type ResamplerQuality = 'best' | 'medium' | 'fastest' | 'linear';

export interface AudioPipelineOptions {
  /** Turn loudness normalisation (gain + look-ahead limiter) off, e.g. for already mastered audio. */
  readonly normalise: boolean;
  /** Integrated-style loudness the running estimate is steered to (LUFS, K-weighted). */
  readonly targetLufs: number;
  /** Sample peak ceiling the look-ahead limiter keeps to (dBFS). Headroom below 0 absorbs resampler overshoot. */
  readonly ceilingDbfs: number;
  /** Most the normaliser may amplify (dB), so quiet noise is never pumped up without bound. */
  readonly maxGainDb: number;
  /** Blocks quieter than this (LUFS) do not move the loudness estimate: silence and breath noise are ignored. */
  readonly gateLufs: number;
  /** Time constant (s) for the loudness estimate when the voice gets louder; also the warm-up length. */
  readonly loudnessAttackSeconds: number;
  /** Time constant (s) for the loudness estimate when the voice gets quieter (slower, so pauses do not pump). */
  readonly loudnessReleaseSeconds: number;
  /** How far the limiter looks ahead (s); this is also its added latency. */
  readonly limiterLookaheadSeconds: number;
  /** How fast the limiter lets go again after a peak (s, time constant). */
  readonly limiterReleaseSeconds: number;
  /** Length of the blend between chunks that overlap (s). */
  readonly crossfadeSeconds: number;
  readonly crossfadeShape: CrossfadeShape;
  readonly resamplerQuality: ResamplerQuality;
  /** Opus bitrate in bits per second (Discord voice channels default to 64 kb/s). */
  readonly opusBitrate: number;
  /** Opus encoder complexity 0..10: CPU against quality. */
  readonly opusComplexity: number;
  /** Silent 20 ms frames appended after the speech so the decoder plays out its tail instead of cutting it. */
  readonly paddingFrames: number;
  /**
   * Opus frames the Readable buffers ahead of its consumer. Small on purpose: an abort can only take back what
   * is not yet buffered, so this is the most audio that still plays after an abort.
   */
  readonly readAheadFrames: number;
  /** Input chunks longer than this (s) are processed in pieces, which bounds the memory held per stream. */
  readonly maxBlockSeconds: number;
}

export const defaultAudioPipelineOptions: AudioPipelineOptions = Object.freeze({
  normalise: true,
  targetLufs: -16,
  ceilingDbfs: -1,
  maxGainDb: 18,
  gateLufs: -50,
  loudnessAttackSeconds: 0.4,
  loudnessReleaseSeconds: 3,
  limiterLookaheadSeconds: 0.005,
  limiterReleaseSeconds: 0.08,
  crossfadeSeconds: 0.01,
  crossfadeShape: 'linear',
  resamplerQuality: 'fastest',
  opusBitrate: 64_000,
  opusComplexity: 5,
  paddingFrames: 5,
  readAheadFrames: 1,
  maxBlockSeconds: 0.1,
});

interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

const numberRules: Partial<Record<keyof AudioPipelineOptions, NumberRule>> = {
  targetLufs: { min: -70, max: 0 },
  ceilingDbfs: { min: -20, max: 0 },
  maxGainDb: { min: 0, max: 60 },
  gateLufs: { min: -120, max: 0 },
  loudnessAttackSeconds: { min: 0.01, max: 60 },
  loudnessReleaseSeconds: { min: 0.01, max: 60 },
  limiterLookaheadSeconds: { min: 0.0005, max: 0.1 },
  limiterReleaseSeconds: { min: 0.001, max: 5 },
  crossfadeSeconds: { min: 0, max: 1 },
  opusBitrate: { min: 6_000, max: 510_000, integer: true },
  opusComplexity: { min: 0, max: 10, integer: true },
  paddingFrames: { min: 0, max: 100, integer: true },
  readAheadFrames: { min: 1, max: 500, integer: true },
  maxBlockSeconds: { min: 0.01, max: 10 },
};

const shapes: readonly CrossfadeShape[] = ['linear', 'equal-power'];
const qualities: readonly ResamplerQuality[] = ['best', 'medium', 'fastest', 'linear'];

/** Fills in defaults and checks every value, throwing an AudioPipelineError that names the bad setting. */
export function resolveAudioPipelineOptions(options: Partial<AudioPipelineOptions> = {}): AudioPipelineOptions {
  const merged: AudioPipelineOptions = { ...defaultAudioPipelineOptions, ...dropUndefined(options) };
  for (const [key, rule] of Object.entries(numberRules) as Array<[keyof AudioPipelineOptions, NumberRule]>) {
    const value = merged[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < rule.min || value > rule.max
      || (rule.integer === true && !Number.isInteger(value))) {
      const kind = rule.integer === true ? 'a whole number' : 'a number';
      throw new AudioPipelineError(`Audio setting ${key} must be ${kind} from ${rule.min} to ${rule.max} (got ${String(value)}).`);
    }
  }
  if (typeof merged.normalise !== 'boolean') {
    throw new AudioPipelineError(`Audio setting normalise must be true or false (got ${String(merged.normalise)}).`);
  }
  if (!shapes.includes(merged.crossfadeShape)) {
    throw new AudioPipelineError(`Audio setting crossfadeShape must be one of ${shapes.join(', ')} (got ${String(merged.crossfadeShape)}).`);
  }
  if (!qualities.includes(merged.resamplerQuality)) {
    throw new AudioPipelineError(`Audio setting resamplerQuality must be one of ${qualities.join(', ')} (got ${String(merged.resamplerQuality)}).`);
  }
  return Object.freeze(merged);
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
