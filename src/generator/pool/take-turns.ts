import type { AudioChunk } from '../../audio/audio-chunk.ts';
import type { TurnQueue } from './turn-queue.ts';

/**
 * Pulls `chunks` one engine step (one model call) per turn of `turns`. `deadline` is asked at every turn: when this
 * request's listener runs out of audio. Ends quietly when the signal aborts while waiting for a turn.
 */
export async function* takeTurns(
  turns: TurnQueue,
  chunks: AsyncIterable<AudioChunk>,
  deadline: () => number,
  signal: AbortSignal,
  onCall: (ms: number) => void = () => undefined,
): AsyncGenerator<AudioChunk> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const release = await turns.acquire(deadline(), signal);
      if (!release) return;
      let result: IteratorResult<AudioChunk>;
      const callStarted = performance.now();
      try {
        result = await iterator.next();
      } finally {
        release();
        onCall(performance.now() - callStarted);
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
