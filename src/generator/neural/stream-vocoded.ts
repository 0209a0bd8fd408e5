import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { throwIfAborted } from '../abort.ts';
import type { ChunkPlan } from '../voice-engine.ts';
import { planMelChunks } from './chunk-plan/mel-chunker.ts';
import type { LogMelAnalyzer, LogMelConfig } from './log-mel-spectrogram.ts';
import { MelFrameCache } from './mel-frame-cache.ts';
import type { Vocode } from './hifigan-vocoder.ts';
import type { ProgressiveSignal } from './progressive-signal.ts';

/** Which of a sentence's chunks to make: [from, to) by index, all by default. */
export interface ChunkRange {
  readonly from?: number;
  readonly to?: number;
}

/** Just past the last sample that the mel frames [0, endFrame) read, the partner of the last one included. */
function framesReadTo(endFrame: number, config: LogMelConfig): number {
  return endFrame * config.hopSize - (config.fftSize - config.hopSize) / 2 + config.fftSize;
}

/**
 * How many samples (at the vocoder's rate) the start of a sentence must have for its first chunk to come out exactly
 * as it does from the whole sentence: all its frames read, with two hops to spare, so that neither reflect padding
 * at the end nor a missing pair partner touches them and the plan's first chunk is the same.
 */
export function samplesForFirstChunk(plan: ChunkPlan, config: LogMelConfig): number {
  const contextEnd = Math.max(1, Math.floor(plan.firstChunkFrames)) + Math.max(0, Math.floor(plan.contextFrames));
  return framesReadTo(contextEnd, config) + 2 * config.hopSize;
}

/**
 * Vocodes one sentence of audio (at the vocoder's rate) chunk by chunk, yielding each chunk as soon as its model
 * call returns. Only the audio and mel frames a chunk needs are produced, just before its call, so the first chunk
 * costs a short resample, a short analysis and one short model run. The signal is checked around every model call.
 */
export async function* streamVocoded(
  audio: ProgressiveSignal,
  analyzer: LogMelAnalyzer,
  vocode: Vocode,
  plan: ChunkPlan,
  signal: AbortSignal,
  range: ChunkRange = {},
): AsyncGenerator<AudioChunk> {
  const { sampleRate, hopSize, melBands } = analyzer.config;
  const length = audio.samples.length;
  const chunks = planMelChunks({
    totalFrames: analyzer.frameCount(length),
    firstChunkFrames: plan.firstChunkFrames,
    chunkFrames: plan.chunkFrames,
    ...(plan.growth !== undefined ? { growth: plan.growth } : {}),
    contextFrames: plan.contextFrames,
    samplesPerFrame: hopSize,
    overlapSamples: Math.round(plan.overlapSeconds * sampleRate),
  });
  const melFrames = new MelFrameCache(analyzer);
  for (const chunk of chunks.slice(range.from ?? 0, range.to ?? chunks.length)) {
    throwIfAborted(signal);
    const frames = chunk.contextEnd - chunk.contextStart;
    // Audio up to the end of the window of the frame after the last one (the analyzer transforms frames in pairs,
    // and the partner's samples must be final too); beyond the signal's end, reflect padding reads back into the
    // tail, which fillTo (clamped to the length) has then rendered too.
    audio.fillTo(framesReadTo(chunk.contextEnd, analyzer.config));
    const mel = melFrames.frames(audio.samples, chunk.contextStart, chunk.contextEnd);
    const vocoded = await vocode(mel, frames);
    if (vocoded.length !== frames * hopSize) {
      throw new Error(`vocoder returned ${vocoded.length} samples for ${frames} frames of ${melBands} bands`);
    }
    throwIfAborted(signal);
    yield { samples: vocoded.slice(chunk.emitStart, chunk.emitEnd), sampleRate, overlap: chunk.overlap };
  }
}
