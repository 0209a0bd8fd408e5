import type { AudioChunk } from '../audio/audio-chunk.ts';

/**
 * Where a guild's speech goes. The real one (voice-audio-output.ts) encodes to Opus and feeds an AudioPlayer; unit
 * tests use one that just drains the chunks.
 */
export interface PlaybackOutput {
  /**
   * Plays one utterance. Resolves once it has been heard to the end or `signal` aborted it; rejects when the audio
   * itself failed (the queue logs that and moves on).
   */
  play(chunks: AsyncIterable<AudioChunk>, signal: AbortSignal): Promise<void>;
  /** Cuts whatever is playing now, without waiting for the current frame to finish. */
  stop(): void;
}
