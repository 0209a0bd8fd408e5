import type { CallTime } from './core-share.ts';

/** Ends a turn; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  readonly deadline: number;
  /** Arrival order: equal deadlines are served first come, first served. */
  readonly order: number;
  readonly grant: (release: Release | undefined) => void;
}

/**
 * Turns at the engines of one worker: one model call at a time, the most urgent first.
 *
 * Urgency is a deadline the caller gives: in the worker, for a playing request the time the audio it has been sent
 * runs out, for a request still waiting for its first chunk the time it arrived plus a short grace (its listener
 * already hears nothing). So a new request's first chunk goes before the later chunks of requests that have audio
 * buffered, instead of waiting behind every other request's next chunk, while a playing request about to fall
 * silent still gets its next chunk first. Serving one call at a time is also what the
 * pool sizes onnxruntime threads for (cores / workers); concurrent calls in one worker would only share those cores.
 */
export class TurnQueue {
  private readonly waiting: Waiter[] = [];
  private busy = false;
  private arrivals = 0;
  /** Recent turns as [start, end] times (performance.now()), oldest first, for busyShare(). */
  private readonly recent: Array<[number, number]> = [];
  private turnStartedAt = 0;
  /** A caller holds a turn now (busy also covers the tick between a release and the next grant). */
  private held = false;
  private readonly onCall: ((time: CallTime) => void) | undefined;

  /** `onCall` hears how long every call made in a turn took (the worker's core share is measured from them). */
  constructor(options: { readonly onCall?: (time: CallTime) => void } = {}) {
    this.onCall = options.onCall;
  }

  /** The holder of a turn reports its model call's times (takeTurns does). */
  callEnded(time: CallTime): void {
    this.onCall?.(time);
  }

  /** Requests waiting for a turn (not counting the one that has it). */
  get length(): number {
    return this.waiting.length;
  }

  /**
   * Share of the last `windowMs` during which a turn was held (0..1): how loaded this worker's engines are, measured
   * rather than predicted. The turn in progress counts up to now.
   */
  busyShare(windowMs = 2_000, now = performance.now()): number {
    const from = now - windowMs;
    while (this.recent.length > 0 && this.recent[0][1] <= from) this.recent.shift();
    let busy = 0;
    for (const [start, end] of this.recent) busy += end - Math.max(start, from);
    if (this.held) busy += now - Math.max(this.turnStartedAt, from);
    return Math.min(1, Math.max(0, busy / windowMs));
  }

  /**
   * Resolves with the function that ends the turn once it is this caller's turn, or with undefined if `signal`
   * aborts first (the caller then holds nothing).
   */
  acquire(deadline: number, signal?: AbortSignal): Promise<Release | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    if (!this.busy && this.waiting.length === 0) {
      this.busy = true;
      this.held = true;
      this.turnStartedAt = performance.now();
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(undefined);
      };
      const waiter: Waiter = {
        deadline,
        order: this.arrivals++,
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.insert(waiter);
    });
  }

  private insert(waiter: Waiter): void {
    // Few waiters (the requests of one worker): a linear scan keeps the list sorted by (deadline, order).
    let index = this.waiting.length;
    while (index > 0 && this.waiting[index - 1].deadline > waiter.deadline) index--;
    this.waiting.splice(index, 0, waiter);
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held = false;
      this.recent.push([this.turnStartedAt, performance.now()]);
      if (this.recent.length > 256) this.recent.shift();
      // Hand the turn on only after pending promise callbacks have run: the request that just finished a call asks
      // for its next turn within them (post the chunk, take a credit, acquire), and must be weighed by its deadline
      // against those already waiting. Granting at once would give the turn to whoever waited, even when the
      // releasing request's listener is about to run out of audio (heard as an underrun at its second chunk).
      setImmediate(() => this.grantNext());
    };
  }

  private grantNext(): void {
    const next = this.waiting.shift();
    if (next) {
      this.held = true;
      this.turnStartedAt = performance.now();
      next.grant(this.releaser());
    } else {
      this.busy = false;
    }
  }
}
