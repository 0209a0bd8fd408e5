import type { AudioChunk } from '../../audio/audio-chunk.ts';
import type { CallTime } from './core-share.ts';
import type { TurnQueue } from './turn-queue.ts';

/** CPU time of the calling thread in ms (a worker's own, not the process's). */
export function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * Pulls `chunks` one engine step (one model call) per turn of `turns`. `deadline` is asked at every turn: when this
 * request's listener runs out of audio. Ends quietly when the signal aborts while waiting for a turn.
 */
export async function* takeTurns(
  turns: TurnQueue,
  chunks: AsyncIterable<AudioChunk>,
  deadline: () => number,
  signal: AbortSignal,
  onCall: (time: CallTime) => void = () => undefined,
): AsyncGenerator<AudioChunk> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const release = await turns.acquire(deadline(), signal);
      if (!release) return;
      let result: IteratorResult<AudioChunk>;
      const callStarted = performance.now();
      const cpuStarted = threadCpuMs();
      try {
        result = await iterator.next();
      } finally {
        release();
        const time = { wallMs: performance.now() - callStarted, cpuMs: threadCpuMs() - cpuStarted };
        turns.callEnded(time);
        onCall(time);
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
