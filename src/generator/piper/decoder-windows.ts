/**
 * Pure planning for Piper's decoder-chunk streaming: the encoder yields latent frames z for the whole sentence, and the
 * decoder (flow + HiFi-GAN vocoder) turns windows of them into audio. Like any convolutional vocoder its output near a
 * window edge depends on frames beyond the edge, so every window is decoded with context frames on both sides that are
 * thrown away again; the kept part of window k > 0 starts a little early so the pipeline can crossfade the join.
 */
import { planChunkCores } from '../chunk-cores.ts';
import type { ChunkPlan } from '../voice-engine.ts';

export interface DecoderWindow {
  /** First frame this window contributes (its core). */
  readonly start: number;
  /** One past the last frame of the core. */
  readonly end: number;
  /** Frames actually fed to the decoder: the core plus up to contextFrames each side. */
  readonly contextStart: number;
  readonly contextEnd: number;
}

export function planDecoderWindows(
  totalFrames: number,
  plan: Pick<ChunkPlan, 'firstChunkFrames' | 'chunkFrames' | 'contextFrames' | 'growth'>,
): DecoderWindow[] {
  const context = Math.max(0, Math.floor(plan.contextFrames));
  const cores = planChunkCores(totalFrames, plan);
  return cores.map(([coreStart, coreEnd]) => ({
    start: coreStart,
    end: coreEnd,
    contextStart: Math.max(0, coreStart - context),
    contextEnd: Math.min(totalFrames, coreEnd + context),
  }));
}

/** Copies frames [from, to) of a [channels, totalFrames] row-major tensor (batch 1) into a new [channels, to-from]. */
export function sliceFrames(
  data: Float32Array,
  channels: number,
  totalFrames: number,
  from: number,
  to: number,
): Float32Array {
  const width = to - from;
  const out = new Float32Array(channels * width);
  for (let channel = 0; channel < channels; channel++) {
    const rowStart = channel * totalFrames;
    out.set(data.subarray(rowStart + from, rowStart + to), channel * width);
  }
  return out;
}

export interface KeptSamples {
  readonly samples: Float32Array;
  readonly overlap: number;
}

/**
 * The part of a decoded window's audio the chunk keeps: its core, plus (after the first window) up to
 * `overlapSamples` samples before the core that repeat the end of the previous chunk for the crossfade. The overlap
 * can only come from left context, so it is capped by it.
 */
export function keepWindowSamples(
  decoded: Float32Array,
  window: DecoderWindow,
  samplesPerFrame: number,
  overlapSamples: number,
): KeptSamples {
  const coreFrom = (window.start - window.contextStart) * samplesPerFrame;
  const coreTo = (window.end - window.contextStart) * samplesPerFrame;
  const overlap = window.start === 0 ? 0 : Math.max(0, Math.min(Math.round(overlapSamples), coreFrom));
  return { samples: decoded.slice(coreFrom - overlap, coreTo), overlap };
}
