/** What the scheduler knows about one worker. */
export interface WorkerLoad {
  /** Requests sent to it that it has not finished. */
  readonly inFlight: number;
  /**
   * Of those, the ones still waiting for their first chunk. A worker makes first chunks before later ones (see
   * turn-queue.ts), so a new request waits behind these, not behind requests that are already playing.
   */
  readonly starting?: number;
  /** `engine:voice` ids it has served: their sessions are warm there. */
  readonly warmVoices: ReadonlySet<string>;
  /** Engines it has loaded. */
  readonly warmEngines: ReadonlySet<string>;
}

/**
 * The one place that decides where a request runs: the least busy worker, and among equally busy ones the one where
 * the voice (then the engine) is already warm, so ONNX sessions are not loaded twice without need. Requests still
 * starting count twice: the newcomer's first chunk waits for theirs, while playing requests only share the cores
 * with it. Returns -1 when there is no worker. A batching scheduler would also live here (see protocol.ts).
 */
export function pickWorker(loads: readonly WorkerLoad[], voiceId: string, engine: string): number {
  let best = -1;
  let bestScore = Number.POSITIVE_INFINITY;
  loads.forEach((load, index) => {
    // Busyness dominates; warmth only breaks ties (0.5 and 0.25 are below one request).
    const busy = load.inFlight + (load.starting ?? 0);
    const score = busy - (load.warmVoices.has(voiceId) ? 0.5 : 0) - (load.warmEngines.has(engine) ? 0.25 : 0);
    if (score < bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}
