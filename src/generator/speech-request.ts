/** What the bot asks the generator to say. Ranges are checked by the engine that serves `voice`. */
export interface SpeechRequest {
  /** Already cleaned text (Discord markup removed), any length up to the configured limit. */
  readonly text: string;
  /** `engine:voice`, e.g. `neural:slt`, `piper:en_US-lessac-medium`, `espeak:de`. */
  readonly voice: string;
  /** Speaking rate multiplier; 1 is the voice's natural rate. Documented range 0.5..2.5. */
  readonly speed?: number;
  /** Sampling temperature for engines that have one (Piper noise_scale); engine default when absent. */
  readonly noiseScale?: number;
  /** Duration noise for engines that have one (Piper noise_w); engine default when absent. */
  readonly noiseWidth?: number;
  /**
   * How much an engine that samples may vary its delivery (Piper's noise_scale and noise_w): 0 = flat and repeatable,
   * 1 = the voice's trained default, up to the limit in src/limits. Deterministic engines ignore it. Absent: 1.
   */
  readonly variation?: number;
  /**
   * False leaves the AI-speech watermark out of this request's audio (a guild can turn it off). Absent: the
   * configured default.
   */
  readonly watermark?: boolean;
  /** Multi-speaker voices: speaker name or numeric id as a string. */
  readonly speaker?: string;
  /**
   * A cheaper voice to read with at once when every generator worker is fully booked, instead of waiting for room
   * (a server setting; e.g. flite:slt for neural:slt). Absent: the request waits for its own voice.
   */
  readonly busyFallbackVoice?: string;
  /**
   * Several speakers in one utterance (the `[engine:voice]` markup): each turn is read by its own voice, in order,
   * into one stream. Present: `voice` is the first turn's voice (it sets the stream's sample rate and first loudness
   * guess) and `text` all turns' text; busyFallbackVoice does not apply.
   */
  readonly turns?: readonly SpeechTurn[];
}

/** One speaker's part of a multi-speaker request. */
export interface SpeechTurn {
  /** `engine:voice`. */
  readonly voice: string;
  readonly text: string;
}

/** A voice that `listVoices()` reports, installed or fetchable. */
export interface VoiceInfo {
  /** `engine:voice` as users type it. */
  readonly id: string;
  readonly engine: string;
  /** BCP-47-ish language tag, e.g. `en-US`. */
  readonly language: string;
  readonly sampleRate: number;
  /** True when every file the voice needs is on disk (or it needs none). */
  readonly installed: boolean;
  /** Licence of the voice's data, e.g. `MIT`, `CC-BY-4.0`. */
  readonly license: string;
  readonly description: string;
  /** When not installed: the command that fetches it, e.g. `npm run models -- fetch piper:en_US-lessac-medium`. */
  readonly fetchCommand?: string;
  /** Speaker names for multi-speaker voices. */
  readonly speakers?: readonly string[];
}

/**
 * Every SpeechError code. The type, the set the worker boundary checks and the "user's own mistake" set all derive
 * from this one list.
 */
export const SPEECH_ERROR_CODES = [
  'unknown-voice',
  'voice-not-installed',
  'invalid-parameter',
  'text-too-long',
  'empty-text',
  'worker-crashed',
  'aborted',
  'engine-failed',
] as const;

export type SpeechErrorCode = (typeof SPEECH_ERROR_CODES)[number];

/** Codes that mean the request itself was wrong (the user can fix it), not that the bot failed. */
const REQUEST_ERROR_CODES: ReadonlySet<SpeechErrorCode> = new Set<SpeechErrorCode>([
  'unknown-voice',
  'voice-not-installed',
  'invalid-parameter',
  'text-too-long',
  'empty-text',
]);

/** A user-facing error: its message is safe and friendly enough to show in Discord or on the CLI as it is. */
export class SpeechError extends Error {
  readonly code: SpeechErrorCode;
  constructor(code: SpeechErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SpeechError';
    this.code = code;
  }

  /** True when the request was at fault (unknown voice, text too long ...), false when the bot failed. */
  get isRequestError(): boolean {
    return REQUEST_ERROR_CODES.has(this.code);
  }
}
