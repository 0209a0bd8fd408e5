import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { TEXT_LENGTH } from '../../limits/speech-limits.ts';
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

/**
 * Share of a worker the streams it generates may need together before new requests wait for room. Below 1 so that a
 * burst of first chunks, the text front end and the main thread's own share of the cores still fit.
 */
export const defaultUtilisation = 0.8;

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
