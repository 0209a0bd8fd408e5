/** What the scheduler knows about one worker. */
export interface WorkerLoad {
  /** Requests sent to it that it has not finished. */
  readonly inFlight: number;
  /** `engine:voice` ids it has served: their sessions are warm there. */
  readonly warmVoices: ReadonlySet<string>;
  /** Engines it has loaded. */
  readonly warmEngines: ReadonlySet<string>;
}

/**
 * The one place that decides where a request runs: the least busy worker, and among equally busy ones the one where
 * the voice (then the engine) is already warm, so ONNX sessions are not loaded twice without need. Returns -1 when
 * there is no worker. A batching scheduler would also live here (see protocol.ts).
 */
export function pickWorker(loads: readonly WorkerLoad[], voiceId: string, engine: string): number {
  let best = -1;
  let bestScore = Number.POSITIVE_INFINITY;
  loads.forEach((load, index) => {
    // Busyness dominates; warmth only breaks ties (0.5 and 0.25 are below one request).
    const score = load.inFlight - (load.warmVoices.has(voiceId) ? 0.5 : 0) - (load.warmEngines.has(engine) ? 0.25 : 0);
    if (score < bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}
