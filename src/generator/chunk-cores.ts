import type { ChunkPlan } from './voice-engine.ts';

/** A final chunk shorter than this share of its planned size is folded into the one before it (one call fewer). */
const SMALL_TAIL_SHARE = 0.25;

/**
 * Splits `totalFrames` into the core frame ranges [start, end) of streamed chunks: firstChunkFrames, then later
 * chunks that grow by `plan.growth` each (doubling by default when set) up to chunkFrames, so the work for chunk k+1
 * never takes longer than the audio chunks 0..k already delivered. A sliver of a last chunk joins the previous
 * later chunk, never the first one, which must stay small for latency.
 */
export function planChunkCores(
  totalFrames: number,
  plan: Pick<ChunkPlan, 'firstChunkFrames' | 'chunkFrames' | 'growth'>,
): Array<[number, number]> {
  const first = Math.max(1, Math.floor(plan.firstChunkFrames));
  const size = Math.max(1, Math.floor(plan.chunkFrames));
  const growth = plan.growth !== undefined && Number.isFinite(plan.growth) && plan.growth > 1 ? plan.growth : undefined;
  const cores: Array<[number, number]> = [];
  const planned: number[] = [];
  let next = first;
  for (let start = 0; start < totalFrames; ) {
    const end = Math.min(totalFrames, start + next);
    cores.push([start, end]);
    planned.push(next);
    start = end;
    next = growth === undefined ? size : Math.min(size, Math.max(next + 1, Math.round(next * growth)));
  }
  if (cores.length > 2) {
    const [lastStart, lastEnd] = cores[cores.length - 1];
    if (lastEnd - lastStart < planned[planned.length - 1] * SMALL_TAIL_SHARE) {
      cores.pop();
      cores[cores.length - 1] = [cores[cores.length - 1][0], lastEnd];
    }
  }
  return cores;
}
