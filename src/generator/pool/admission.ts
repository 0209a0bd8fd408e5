/**
 * Admission control for the worker pool: a request starts only when some worker has the compute to keep it fed next to
 * the streams it already serves; otherwise it waits, first come first served. So when the machine is full, streams
 * that started never run dry (listeners hear no pauses); newcomers wait a little longer for their first word instead.
 *
 * A request's "cost" is the share of one worker it needs while it is being generated: measured CPU seconds per second
 * of audio for its voice (see CostEstimates), so the limit follows the real machine and model, not a guess. Streams
 * already admitted are charged at the current estimate, so a better measurement frees (or takes) room at once.
 */

export interface AdmissionCandidate {
  readonly voiceId: string;
  /** Called once, when the request may start, with the worker chosen for it. */
  readonly start: (worker: number) => void;
}

export interface AdmissionOptions {
  /**
   * Share of what a worker gets of a core that the admitted streams may need together (0..1); the rest absorbs the
   * bursts of starts and the swings of the measurement.
   */
  readonly utilisation: number;
  /** Seconds of work per second of audio for a voice. */
  readonly costOf: (voiceId: string) => number;
  /**
   * Share of a core a worker gets now (0..1, see CoreShare); default 1. Its room is utilisation times this: when the
   * machine gives a worker half a core (a burst of voice joins on the main thread, another program), half as many
   * streams fit, so new ones wait instead of starving those that play.
   */
  readonly shareOf?: (worker: number) => number;
  /** Workers able to take work now (indices). */
  readonly workers: () => readonly number[];
  /** Which of the workers with room gets a request (e.g. where its voice is warm); default the least committed. */
  readonly pick?: (workers: readonly number[], voiceId: string) => number;
  /**
   * Requests per worker that may be starting at once (not yet settled, see settled()); default unlimited. A start
   * costs more than the steady state (the text front end runs for the whole first sentence, and the first chunks are
   * small, so their context frames weigh more), and every started listener needs its next chunk within a fraction of
   * a second: many starts at once on one worker starve the ones that started first.
   */
  readonly startingPerWorker?: number;
}

interface Admitted {
  readonly worker: number;
  readonly voiceId: string;
  starting: boolean;
}

export class Admission {
  readonly #options: AdmissionOptions;
  readonly #admitted = new Map<number, Admitted>();
  readonly #waiting: Array<{ readonly id: number; readonly candidate: AdmissionCandidate; readonly since: number }> = [];

  constructor(options: AdmissionOptions) {
    this.#options = options;
  }

  /** Requests waiting for capacity. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** How long the oldest waiting request has waited (ms), 0 when none waits. */
  oldestWaitMs(now = performance.now()): number {
    return this.#waiting.length === 0 ? 0 : now - this.#waiting[0].since;
  }

  /**
   * Starts `candidate` now if a worker has room (returns true), else queues it behind the others waiting, or with
   * `wait: false` leaves it out (the caller has a cheaper plan B). Nobody overtakes those already waiting, except with
   * `overtake: true`: a cheaper plan B that fits where their requests do not (it is what the server chose instead of
   * waiting).
   */
  offer(id: number, candidate: AdmissionCandidate, { wait = true, overtake = false }: { wait?: boolean; overtake?: boolean } = {}): boolean {
    if ((this.#waiting.length === 0 || overtake) && this.#tryStart(id, candidate)) return true;
    if (wait) this.#waiting.push({ id, candidate, since: performance.now() });
    return false;
  }

  /** The request has made enough audio to be past its start: it no longer counts against startingPerWorker. */
  settled(id: number): void {
    const admitted = this.#admitted.get(id);
    if (!admitted || !admitted.starting) return;
    admitted.starting = false;
    this.#admitWaiting();
  }

  /** The request no longer needs compute (finished, failed or cancelled): frees its share and admits who fits. */
  release(id: number): void {
    const waitingIndex = this.#waiting.findIndex((entry) => entry.id === id);
    if (waitingIndex >= 0) {
      this.#waiting.splice(waitingIndex, 1);
      return;
    }
    const admitted = this.#admitted.get(id);
    if (!admitted) return;
    this.#admitted.delete(id);
    this.#admitWaiting();
  }

  /** A worker went away (crash, shutdown): what was committed on it is forgotten; its requests are released anyway. */
  forgetWorker(worker: number): void {
    for (const [id, admitted] of this.#admitted) if (admitted.worker === worker) this.#admitted.delete(id);
    this.#admitWaiting();
  }

  /** Admits waiting requests in arrival order while the first of them fits (no overtaking). */
  #admitWaiting(): void {
    while (this.#waiting.length > 0) {
      const first = this.#waiting[0];
      if (!this.#tryStart(first.id, first.candidate)) return;
      this.#waiting.shift();
    }
  }

  #tryStart(id: number, candidate: AdmissionCandidate): boolean {
    const cost = this.#options.costOf(candidate.voiceId);
    // An idle worker always takes one request, however expensive: a voice slower than real time still gets spoken.
    const startingLimit = this.#options.startingPerWorker ?? Number.POSITIVE_INFINITY;
    const withRoom = this.#options.workers().filter((worker) => {
      const committed = this.committedOn(worker);
      const fits = committed === 0 || committed + cost <= this.#options.utilisation * (this.#options.shareOf?.(worker) ?? 1);
      return fits && this.#startingOn(worker) < startingLimit;
    });
    if (withRoom.length === 0) return false;
    const best = this.#options.pick?.(withRoom, candidate.voiceId) ?? this.#leastCommitted(withRoom);
    this.#admitted.set(id, { worker: best, voiceId: candidate.voiceId, starting: true });
    candidate.start(best);
    return true;
  }

  #startingOn(worker: number): number {
    let count = 0;
    for (const admitted of this.#admitted.values()) if (admitted.worker === worker && admitted.starting) count++;
    return count;
  }

  #leastCommitted(workers: readonly number[]): number {
    let best = workers[0];
    for (const worker of workers) if (this.committedOn(worker) < this.committedOn(best)) best = worker;
    return best;
  }

  /**
   * Share of a worker committed to the streams it serves now, at today's cost estimates: when a voice's measured cost
   * falls, the streams already admitted need less too, and the room it frees is used at once (see reconsider).
   */
  committedOn(worker: number): number {
    let committed = 0;
    for (const admitted of this.#admitted.values()) if (admitted.worker === worker) committed += this.#options.costOf(admitted.voiceId);
    return committed;
  }

  /** The cost estimates or a worker's core share changed: admits waiting requests that now fit. */
  reconsider(): void {
    this.#admitWaiting();
  }
}

/**
 * CPU seconds per second of audio, per voice, as the workers measure it (their own thread's CPU time inside model
 * calls and the audio pipeline; each request reports after its first 3 s of audio and again when it ends). A moving
 * average, so a slower machine admits fewer streams. CPU time rather than wall time: in a burst every worker's calls
 * take longer in wall time while the main thread and the other worker share the cores, so wall time overstated the
 * cost and kept 4 of 16 guilds waiting 6-7 s on 2 cores (the capacity bench) while the workers had room. A call's
 * CPU time may include a little of other requests' pipeline work that ran on the thread while it awaited the model:
 * an overestimate, on the safe side.
 */
export class CostEstimates {
  readonly #byVoice = new Map<string, number>();
  readonly #prior: number;
  readonly #weight: number;

  /** `prior`: assumed until a voice has been measured; `weight`: how much one new measurement moves the average. */
  constructor(prior = 0.1, weight = 0.3) {
    this.#prior = prior;
    this.#weight = weight;
  }

  costOf(voiceId: string): number {
    return this.#byVoice.get(voiceId) ?? this.#prior;
  }

  record(voiceId: string, workMs: number, audioSeconds: number): void {
    // Very short utterances are dominated by fixed costs (text front end, first call) and would overstate the rate.
    if (!(audioSeconds >= 1) || !(workMs >= 0)) return;
    const measured = workMs / 1000 / audioSeconds;
    const previous = this.#byVoice.get(voiceId);
    this.#byVoice.set(voiceId, previous === undefined ? measured : previous + this.#weight * (measured - previous));
  }
}
