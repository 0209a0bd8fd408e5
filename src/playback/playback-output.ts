import type { AudioChunk } from '../audio/audio-chunk.ts';

/** What an output reports about one utterance while it plays; every hook is optional and must not throw. */
export interface OutputEvents {
  /** The first Opus frame of the utterance was handed to the player (time-to-first-audio ends here). */
  firstFrame?(): void;
  /** Playback wanted a frame after audio had started and none was ready: a gap the listener hears as silence. */
  underrun?(): void;
  /** Samples the audio pipeline had to clip to [-1, 1]; reported once, when the utterance ends. */
  clipped?(samples: number): void;
}

/**
 * Where a guild's speech goes. The real one (voice-audio-output.ts) encodes to Opus and feeds an AudioPlayer; unit
 * tests use one that just drains the chunks.
 */
export interface PlaybackOutput {
  /**
   * Plays one utterance. Resolves once it has been heard to the end or `signal` aborted it; rejects when the audio
   * itself failed (the queue logs that and moves on).
   */
  play(chunks: AsyncIterable<AudioChunk>, signal: AbortSignal, events?: OutputEvents): Promise<void>;
  /** Cuts whatever is playing now, without waiting for the current frame to finish. */
  stop(): void;
}
