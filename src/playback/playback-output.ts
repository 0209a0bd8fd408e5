import type { OpusPacketBatch } from '../generator/encoded-speech.ts';
import type { SpeechRequest } from '../generator/speech-request.ts';

/** What an output reports about one utterance while it plays; every hook is optional and must not throw. */
export interface OutputEvents {
  /** The first Opus frame of the utterance was handed to the player (time-to-first-audio ends here). */
  firstFrame?(): void;
  /** Playback wanted a frame after audio had started and none was ready: a gap the listener hears as silence. */
  underrun?(): void;
}

/**
 * Where a guild's speech goes. The real one (voice-audio-output.ts) feeds finished Opus packets to an AudioPlayer;
 * unit tests use one that just drains raw chunks (T is whatever the guild's SpeechSource makes).
 */
export interface PlaybackOutput<T = OpusPacketBatch> {
  /**
   * Plays one utterance. Resolves once it has been heard to the end or `signal` aborted it; rejects when the audio
   * itself failed (the queue logs that and moves on).
   */
  play(speech: AsyncIterable<T>, signal: AbortSignal, events?: OutputEvents): Promise<void>;
  /** Cuts whatever is playing now, without waiting for the current frame to finish. */
  stop(): void;
}

/** What the source knows once an utterance was made to its end. */
export interface SpeechSummary {
  readonly clippedSamples: number;
  /** Seconds of speech made, without the silent padding after it (so generation speed is not flattered by it). */
  readonly speechSeconds?: number;
  /** Seconds of audio before the first speech sample; null when none was heard, absent when the source cannot tell. */
  readonly speechStartSeconds?: number | null;
}

/**
 * How a guild's queue gets audio for a request: the generator's encoded stream in the bot, raw chunks in unit tests.
 * `seconds` says how much audio an item holds, for read-ahead bounds and generation timing.
 */
export interface SpeechAudioSource<T = OpusPacketBatch> {
  open(request: SpeechRequest, signal: AbortSignal): AsyncIterable<T> & { readonly summary?: SpeechSummary | undefined };
  seconds(item: T): number;
}
