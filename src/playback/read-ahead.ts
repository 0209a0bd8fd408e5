/**
 * Starts pulling `source` at once and keeps up to `maxSeconds` of audio (as `seconds` counts it) buffered ahead of the consumer. This is the
 * prefetch: the next message is generated while the current one plays, so there is no gap between them, yet a long
 * message cannot fill memory while it waits. Errors from the source surface at the consumer, in order, after the
 * chunks made before them; aborting `signal` stops pulling and closes the source.
 */
export function readAhead<T>(
  source: AsyncIterable<T>,
  seconds: (item: T) => number,
  maxSeconds: number,
  signal: AbortSignal,
): AsyncIterable<T> {
  const buffer: T[] = [];
  let bufferedSeconds = 0;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let consumerGone = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const iterator = source[Symbol.asyncIterator]();

  const notifyConsumer = (): void => {
    const wake = wakeConsumer;
    wakeConsumer = undefined;
    wake?.();
  };
  const notifyProducer = (): void => {
    const wake = wakeProducer;
    wakeProducer = undefined;
    wake?.();
  };
  const onAbort = (): void => {
    notifyProducer();
    notifyConsumer();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const stopped = (): boolean => signal.aborted || consumerGone;

  const pump = async (): Promise<void> => {
    try {
      while (!stopped()) {
        // Always allow one chunk so a single chunk longer than the bound still flows.
        while (buffer.length > 0 && bufferedSeconds >= maxSeconds && !stopped()) {
          await new Promise<void>((resolve) => (wakeProducer = resolve));
        }
        if (stopped()) break;
        const next = await iterator.next();
        if (next.done) break;
        buffer.push(next.value);
        bufferedSeconds += seconds(next.value);
        notifyConsumer();
      }
    } catch (error) {
      if (!stopped()) failure = { error };
    } finally {
      finished = true;
      signal.removeEventListener('abort', onAbort);
      if (stopped()) {
        // Tell the generator we no longer want it; it frees its worker.
        await Promise.resolve(iterator.return?.()).catch(() => undefined);
      }
      notifyConsumer();
    }
  };
  void pump();

  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          if (signal.aborted) return;
          const chunk = buffer.shift();
          if (chunk !== undefined) {
            bufferedSeconds -= seconds(chunk);
            notifyProducer();
            yield chunk;
            continue;
          }
          if (failure !== undefined) throw failure.error;
          if (finished) return;
          await new Promise<void>((resolve) => (wakeConsumer = resolve));
        }
      } finally {
        consumerGone = true;
        notifyProducer();
      }
    },
  };
}
