import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { GENERATOR_UTILISATION, TEXT_LENGTH } from '../../limits/speech-limits.ts';
import type { ChunkPlan } from '../voice-engine.ts';

/** The engines the bot ships, each in src/generator/<engine>/index.ts exporting `createEngine`. */
const builtInEngineNames = ['neural', 'flite', 'piper', 'kokoro', 'espeak'] as const;

export const defaultEngineModules: Readonly<Record<string, string>> = Object.fromEntries(
  builtInEngineNames.map((name) => [name, fileURLToPath(new URL(`../${name}/index.ts`, import.meta.url))]),
);

/** src/text/text-limits.ts: `prepareUtterance(text, { language, maxCharacters }): string[]`. */
export const defaultTextModule = fileURLToPath(new URL('../../text/text-limits.ts', import.meta.url));

/**
 * ~140 ms first chunk (12 frames of 256 samples at 22050 Hz) so playback starts at once, then ~0.75 s chunks, which
 * keep the per-call overhead small; 16 frames of context is what HiFi-GAN needs to match unchunked output.
 */
export const defaultChunkPlan: ChunkPlan = {
  firstChunkFrames: 12,
  chunkFrames: 64,
  contextFrames: 16,
  overlapSeconds: 0.01,
};

/** Share of what a worker gets of a core that the streams it generates may need together: see GENERATOR_UTILISATION. */
export const defaultUtilisation = GENERATOR_UTILISATION.default;

/**
 * Requests one worker may be starting at once (each until it has made its first 1.5 s). Several at once on one worker
 * starve the first listeners (see Admission.startingPerWorker). Measured with 16 and 32 paragraphs started together
 * on 2 workers (neural:slt, 2 cores, each consumer playing its packets in real time): no limit underran all 16 by
 * up to 0.37 s; 3 starts per worker still underran at 32 (up to 0.2 s); 2 gave no
 * underrun in any run, for a first word about 0.3 s later. The rest wait a little longer for their first word.
 */
export const defaultStartingPerWorker = 2;

/** Chunks a worker may send ahead of the consumer; a few keep the pipe full without buffering a whole text. */
export const defaultChunkWindow = 4;

export const defaultMaxCharacters = TEXT_LENGTH.default;

/**
 * Worker threads run at nice 10: CFS then gives the main thread about ten times their weight whenever it wants a core,
 * so gateway and audio work are not queued behind synthesis on a small machine.
 */
export const defaultWorkerNiceness = 10;

/** Splits the cores between workers so N workers with M onnxruntime threads each do not oversubscribe the CPU. */
export function defaultIntraOpThreads(workerCount: number): number {
  return Math.max(1, Math.floor(availableParallelism() / Math.max(1, workerCount)));
}
