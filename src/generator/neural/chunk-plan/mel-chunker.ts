/**
 * Which mel frames the vocoder runs for each streamed chunk, and which of its output samples the chunk emits.
 *
 * Chunk k owns the core frames [coreStart, coreEnd). The vocoder is fed [contextStart, contextEnd): the core plus up
 * to `contextFrames` on each side, which makes its output match a whole-sentence run (HiFi-GAN needs 16). Every
 * chunk but the last also emits `overlapSamples` of its right context; the next chunk then says `overlap` so the
 * pipeline crossfades those two independently computed versions of the same stretch of time.
 */
import { planChunkCores } from '../../chunk-cores.ts';

export interface MelChunk {
  readonly coreStart: number;
  readonly coreEnd: number;
  readonly contextStart: number;
  readonly contextEnd: number;
  /** Output samples to emit, relative to the start of the vocoder's output for [contextStart, contextEnd). */
  readonly emitStart: number;
  readonly emitEnd: number;
  /** Leading emitted samples that repeat the previous chunk's trailing ones (AudioChunk.overlap). */
  readonly overlap: number;
}

export interface MelChunkPlanInput {
  readonly totalFrames: number;
  readonly firstChunkFrames: number;
  readonly chunkFrames: number;
  /** See ChunkPlan.growth. */
  readonly growth?: number;
  readonly contextFrames: number;
  readonly samplesPerFrame: number;
  /** Wanted crossfade length; shortened where the right context or the next chunk is shorter. */
  readonly overlapSamples: number;
}

export function planMelChunks(input: MelChunkPlanInput): MelChunk[] {
  const { totalFrames, contextFrames, samplesPerFrame } = input;
  const context = Math.max(0, Math.floor(contextFrames));
  const cores = planChunkCores(totalFrames, input);

  const chunks: MelChunk[] = [];
  let previousTail = 0;
  cores.forEach(([coreStart, coreEnd], k) => {
    const contextStart = Math.max(0, coreStart - context);
    const contextEnd = Math.min(totalFrames, coreEnd + context);
    const next = cores[k + 1];
    const tail = next
      ? Math.max(0, Math.min(Math.round(input.overlapSamples), (contextEnd - coreEnd) * samplesPerFrame, (next[1] - next[0]) * samplesPerFrame))
      : 0;
    const emitStart = (coreStart - contextStart) * samplesPerFrame;
    chunks.push({
      coreStart,
      coreEnd,
      contextStart,
      contextEnd,
      emitStart,
      emitEnd: (coreEnd - contextStart) * samplesPerFrame + tail,
      overlap: previousTail,
    });
    previousTail = tail;
  });
  return chunks;
}
