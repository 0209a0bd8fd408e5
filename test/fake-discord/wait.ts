import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs?: number;
  /** How often to re-check; cheap checks make a short interval fine. */
  intervalMs?: number;
}

/**
 * Polls `check` until it returns something other than undefined, or fails with `description` after the timeout.
 * Polling (rather than events) keeps every helper simple and correct when state changes in several places.
 */
export async function waitUntil<T>(check: () => T | undefined, description: string, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 5;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (performance.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await sleep(intervalMs);
  }
}

/** Wall-clock milliseconds since the Unix epoch with sub-millisecond precision, comparable across processes. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
