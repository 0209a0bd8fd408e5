import type { Clock } from './clock.ts';

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Sliding-window limit per key (a user): at most `limit` acquisitions in any `windowMs`. A rejected attempt does not
 * count, so a user who keeps trying is let in as soon as the oldest accepted message leaves the window.
 */
export class SlidingWindowRateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #hits = new Map<string, number[]>();

  constructor(limit: number, windowMs: number, clock: Clock) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
    if (!(windowMs > 0)) throw new RangeError(`rate window must be positive, got ${windowMs}`);
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#clock = clock;
  }

  tryAcquire(key: string): RateDecision {
    const now = this.#clock.now();
    const recent = (this.#hits.get(key) ?? []).filter((t) => now - t < this.#windowMs);
    if (recent.length >= this.#limit) {
      this.#hits.set(key, recent);
      return { allowed: false, retryAfterMs: Math.max(0, recent[0] + this.#windowMs - now) };
    }
    recent.push(now);
    this.#hits.set(key, recent);
    return { allowed: true };
  }

  /** Drops keys whose hits have all expired, so a long-running bot does not keep every user it ever saw. */
  prune(): void {
    const now = this.#clock.now();
    for (const [key, hits] of this.#hits) {
      if (hits.every((t) => now - t >= this.#windowMs)) this.#hits.delete(key);
    }
  }
}
