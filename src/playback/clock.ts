/** Time source, injected so rate limits, name announcements and idle timers can be tested without waiting. */
export interface Clock {
  /** Milliseconds, monotonic enough for windows of seconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
