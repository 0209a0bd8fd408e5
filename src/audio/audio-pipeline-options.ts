/**
 * Settings of the streaming audio pipeline (src/audio): loudness normalisation, crossfade, resampling and Opus.
 * Every field has a default; callers pass a Partial and get the rest from `defaultAudioPipelineOptions`.
 */
import { AudioPipelineError } from './audio-pipeline-error.ts';

export type CrossfadeShape = 'linear' | 'equal-power';

/** Resampler settings (Speex quality 10 / 7 / 5 / 0, see streaming-resampler.ts). 'fastest' is the realtime default. */
export type ResamplerQuality = 'best' | 'medium' | 'fastest' | 'linear';

export interface AudioPipelineOptions {
  /** Turn loudness normalisation (gain + look-ahead limiter) off, e.g. for already mastered audio. */
  readonly normalise: boolean;
  /**
   * Integrated-style loudness the running estimate is steered to (LUFS, K-weighted, measured on this mono signal).
   * Discord plays it as two identical channels, which ITU-R BS.1770 reads 3 dB louder: the default -19 is -16 LUFS as
   * heard, the usual level for spoken audio (-16 stereo / -19 mono).
   */
  readonly targetLufs: number;
  /**
   * Pass speech through all-pass filters before loudness and limiter (src/audio/phase-rotator.ts): the same sound,
   * with peaks about 2 dB lower, so the limiter leaves words alone. Not a level stage: it changes no frequency's level.
   */
  readonly phaseRotation: boolean;
  /** Sample peak ceiling the look-ahead limiter keeps to (dBFS). Headroom below 0 absorbs resampler overshoot. */
  readonly ceilingDbfs: number;
  /** Most the normaliser may amplify (dB), so quiet noise is never pumped up without bound. */
  readonly maxGainDb: number;
  /** 400 ms blocks quieter than this (LUFS) do not move the loudness estimate: silence and breath noise are ignored. */
  readonly gateLufs: number;
  /**
   * Audio held at the start of an utterance and measured before the first gain is chosen (s), when the voice's
   * loudness is not known (expectedLoudnessLufs unset). Measured on 7 voices x 10 sentences without an expectation:
   * 0.4 s left 20 % of first words more than 1.5 dB off the message's gain (worst 3.0), 0.8 s none (worst 1.3).
   */
  readonly loudnessPrimeSeconds: number;
  /**
   * The same when expectedLoudnessLufs is set: the expectation carries the first gain (0.2, 0.4 and 0.8 s measured
   * alike), so only one 100 ms measuring step is held and speech starts as soon as it arrives.
   */
  readonly loudnessPrimeKnownVoiceSeconds: number;
  /** The loudness estimate averages over about this much speech at most (s): long messages may drift slowly. */
  readonly loudnessMemorySeconds: number;
  /** Fastest the normalisation gain may move (dB per second), so the level never pumps audibly. */
  readonly maxGainChangeDbPerSecond: number;
  /**
   * Typical integrated loudness of the voice being spoken (LUFS, see voice-loudness.ts), when known: the starting gain
   * leans on it instead of on the first fraction of a second alone. Undefined: measured from the audio only.
   */
  readonly expectedLoudnessLufs?: number | undefined;
  /** How many seconds of measured speech the expected loudness weighs as. */
  readonly loudnessPriorSeconds: number;
  /** Trim the silence before the first word and after the last one to short pads (pauses inside stay). */
  readonly trimSilence: boolean;
  /** A sample at least this loud (dBFS, before normalisation) counts as sound for the silence trimmer. */
  readonly silenceThresholdDbfs: number;
  /** Silence kept before the first word (s). */
  readonly leadingPadSeconds: number;
  /** Silence kept after the last word (s); the Opus padding frames come after it. */
  readonly trailingPadSeconds: number;
  /** Most silence held back to tell a pause from the end (s); a longer final silence is trimmed by this much only. */
  readonly silenceMaxHoldSeconds: number;
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
  /**
   * Silent 20 ms frames appended after the speech so the decoder plays out its tail instead of cutting it. Opus
   * (CELT) lets band energies decay over several frames after a sudden stop, and trailing silence is trimmed, so the
   * speech now ends right before this padding: decoded, the padding fell from a few LSB to exact zero within 6 to 10
   * frames on neural, flite and espeak voices (measured on 16 sentences). 10 frames let every message end in silence.
   */
  readonly paddingFrames: number;
  /**
   * Opus frames the Readable buffers ahead of its consumer. Small on purpose: an abort can only take back what
   * is not yet buffered, so this is the most audio that still plays after an abort.
   */
  readonly readAheadFrames: number;
  /** Input chunks longer than this (s) are processed in pieces, which bounds the memory held per stream. */
  readonly maxBlockSeconds: number;
  /**
   * Add the inaudible AI-speech watermark (src/audio/watermark) at 48 kHz after the limiter, before clipping and Opus.
   * On by default; WATERMARK=off and a request's `watermark: false` turn it off.
   */
  readonly watermark: boolean;
  /** Whose speech it is: hashed into the watermark's payload (the bot uses its Discord application id). */
  readonly watermarkId: string;
}

export const defaultAudioPipelineOptions: AudioPipelineOptions = Object.freeze({
  normalise: true,
  targetLufs: -19,
  phaseRotation: true,
  ceilingDbfs: -1,
  maxGainDb: 18,
  gateLufs: -50,
  loudnessPrimeSeconds: 0.8,
  loudnessPrimeKnownVoiceSeconds: 0.1,
  loudnessMemorySeconds: 10,
  maxGainChangeDbPerSecond: 3,
  loudnessPriorSeconds: 3,
  trimSilence: true,
  silenceThresholdDbfs: -40,
  leadingPadSeconds: 0.02,
  trailingPadSeconds: 0.05,
  silenceMaxHoldSeconds: 0.5,
  limiterLookaheadSeconds: 0.005,
  limiterReleaseSeconds: 0.08,
  crossfadeSeconds: 0.01,
  crossfadeShape: 'linear',
  resamplerQuality: 'fastest',
  opusBitrate: 64_000,
  opusComplexity: 5,
  paddingFrames: 10,
  readAheadFrames: 1,
  maxBlockSeconds: 0.1,
  watermark: true,
  watermarkId: '',
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
  loudnessPrimeSeconds: { min: 0, max: 2 },
  loudnessPrimeKnownVoiceSeconds: { min: 0, max: 2 },
  loudnessMemorySeconds: { min: 0.5, max: 600 },
  maxGainChangeDbPerSecond: { min: 0.1, max: 100 },
  loudnessPriorSeconds: { min: 0, max: 600 },
  silenceThresholdDbfs: { min: -90, max: -10 },
  leadingPadSeconds: { min: 0, max: 1 },
  trailingPadSeconds: { min: 0, max: 1 },
  silenceMaxHoldSeconds: { min: 0, max: 5 },
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
  if (typeof merged.watermarkId !== 'string' || merged.watermarkId.length > 200) {
    throw new AudioPipelineError(`Audio setting watermarkId must be a string of at most 200 characters (got ${String(merged.watermarkId).slice(0, 40)}).`);
  }
  for (const key of ['normalise', 'phaseRotation', 'trimSilence', 'watermark'] as const) {
    if (typeof merged[key] !== 'boolean') {
      throw new AudioPipelineError(`Audio setting ${key} must be true or false (got ${String(merged[key])}).`);
    }
  }
  const expected = merged.expectedLoudnessLufs;
  if (expected !== undefined && !(typeof expected === 'number' && expected >= -70 && expected <= 0)) {
    throw new AudioPipelineError(`Audio setting expectedLoudnessLufs must be a number from -70 to 0 or left out (got ${String(expected)}).`);
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
