/** How long the generator worked on one utterance, against how much audio it made. */
export interface GenerationMeasure {
  /** Audio made, overlaps excluded (they are blended away, not heard twice). */
  readonly audioSeconds: number;
  /** Time spent waiting inside the generator's next(): synthesis plus any wait for a free worker. */
  readonly busyMs: number;
  readonly chunks: number;
}

/** Synthesis time over audio time; below 1 means faster than real time. Null when there was no audio to divide by. */
export function realTimeFactor(measure: GenerationMeasure): number | null {
  if (!(measure.audioSeconds > 0)) return null;
  return measure.busyMs / 1000 / measure.audioSeconds;
}

/**
 * Passes `source` through unchanged and reports, once it finishes normally, how long its next() calls took in total.
 * Only time inside next() counts, so a consumer that stops pulling (backpressure) does not make the generator look
 * slow. Utterances that fail or are aborted are not reported: a partial one would skew the factor.
 */
export async function* timeGeneration<T>(
  source: AsyncIterable<T>,
  seconds: (item: T) => number,
  now: () => number,
  report: (measure: GenerationMeasure) => void,
): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let busyMs = 0;
  let audioSeconds = 0;
  let chunks = 0;
  let finished = false;
  try {
    for (;;) {
      const startedAt = now();
      const next = await iterator.next();
      busyMs += now() - startedAt;
      if (next.done === true) {
        finished = true;
        report({ audioSeconds, busyMs, chunks });
        return;
      }
      audioSeconds += seconds(next.value);
      chunks++;
      yield next.value;
    }
  } finally {
    // Left early (abort, skip, error downstream): tell the generator so it frees its worker.
    if (!finished) await Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
