/** How long one engine step took: wall time (what the listener waits) and this thread's CPU time (what it cost). */
export interface CallTime {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Calls older than this no longer count towards the share. */
export const coreShareWindowMs = 1_000;
/** Fewer milliseconds of calls than this in the window say too little to judge by (one short call, timer noise). */
const minimumWallMs = 20;

/**
 * The share of a core a worker thread got while it had work: the CPU time of its recent engine calls over their wall
 * time. A call computes from start to end, so when the thread has a core to itself the two are equal; when other
 * threads or programs want the cores too (the main thread's voice joins at nice 0 against the workers' nice 10, a
 * compiler run beside the bot, a noisy neighbour on a shared host) the call takes longer than the CPU it used, and the
 * share falls. Admission scales a worker's room by it (see Admission), so streams are not started on CPU the machine
 * is not giving. Measured on the 2-core machine in a 32-guild burst that joins: 0.15-0.38 during the first 0.75 s of
 * joining, 0.7-0.95 after.
 */
export class CoreShare {
  /** [end time, wall ms, cpu ms] of recent calls, oldest first. */
  readonly #calls: Array<readonly [number, number, number]> = [];

  record(endedAt: number, time: CallTime): void {
    if (!(time.wallMs > 0) || !(time.cpuMs >= 0)) return;
    this.#calls.push([endedAt, time.wallMs, time.cpuMs]);
  }

  /** CPU over wall time of the calls that ended in the last `windowMs` (0..1), or undefined when too few did. */
  share(now: number, windowMs = coreShareWindowMs): number | undefined {
    const from = now - windowMs;
    while (this.#calls.length > 0 && this.#calls[0][0] < from) this.#calls.shift();
    let wall = 0;
    let cpu = 0;
    for (const [, wallMs, cpuMs] of this.#calls) {
      wall += wallMs;
      cpu += cpuMs;
    }
    if (wall < minimumWallMs) return undefined;
    return Math.min(1, cpu / wall);
  }
}

/**
 * A worker's core share as admission uses it: its last report while that is recent; 1 (a whole core) when it has
 * reported nothing lately. A worker reports while its calls run, so a silent one is idle: the next call will measure.
 */
export function freshCoreShare(report: { readonly share: number; readonly at: number } | undefined, now: number): number {
  return report !== undefined && now - report.at <= coreShareWindowMs ? report.share : 1;
}
