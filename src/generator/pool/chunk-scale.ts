/**
 * How much longer than planned the later chunks of the next sentence should be, from how busy this worker's engines
 * were over the last seconds (TurnQueue.busyShare). Idle: as planned, so a lone request streams in small steps. Busy:
 * two or three times longer, because each vocoder call pays for its context frames whatever its length (neural:slt,
 * 16 frames each side: 25 % extra work at 128 frames, 12.5 % at 256, 8 % at 384), and under load a stream already
 * has audio buffered to cover a longer call. First chunks have their own rule (firstChunkScaleForLoad).
 */
export function chunkScaleForLoad(busyShare: number, activeJobs: number): number {
  if (activeJobs < 2) return 1;
  if (busyShare >= 0.85) return 3;
  if (busyShare >= 0.5) return 2;
  return 1;
}

/**
 * How much longer than planned an utterance's first chunk should be. Alone on its worker: as planned (0.28 s for
 * neural:slt), the shortest time to first audio. Beside other streams on the same worker: twice that. A listener
 * lives on its first chunk until the second arrives, and here the second waits its turn behind the other streams'
 * calls, some of which run flite over a whole sentence in one go; the longer first chunk costs its vocoder call
 * ~8 ms more (the context frames are paid either way).
 */
export function firstChunkScaleForLoad(activeJobs: number): number {
  return activeJobs < 2 ? 1 : 2;
}

/**
 * Whether a sentence's first chunk may be made before the rest of its front end (EngineRequest.firstChunkEarly): only
 * alone on the worker. Beside others, the rest of flite's sentence (30-50 ms) moved into a call that the turn
 * deadlines sized by the short first one: in 9 capacity-bench runs at 32 guilds, 2 had the burst's first stream
 * pause for 2-4 frames.
 */
export function firstChunkEarlyForLoad(activeJobs: number): boolean {
  return activeJobs < 2;
}
