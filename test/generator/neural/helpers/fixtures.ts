import { join } from 'node:path';
import { runFlite } from '../../../../src/generator/flite/flite-wasi.ts';
import { hifiganVocoder } from '../../../../src/generator/neural/hifigan-vocoder.ts';
import type { Vocode } from '../../../../src/generator/neural/hifigan-vocoder.ts';
import { createPolyphaseResampler } from '../../../../src/generator/neural/polyphase-resampler.ts';
import { createOnnxSession } from '../../../../src/generator/onnx-session.ts';
import type { ChunkPlan, EngineOptions } from '../../../../src/generator/voice-engine.ts';

export const MODELS_DIR = join(import.meta.dirname, '../../../../models');

export const engineOptions = (modelsDir = MODELS_DIR): EngineOptions => ({
  modelsDir,
  executionProviders: ['cpu'],
  intraOpThreads: 1,
  log: () => {},
});

export const STREAMING_PLAN: ChunkPlan = { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 };

/** The shipped vocoder, loaded the way the engine loads it. */
export async function loadVocoder(): Promise<{ vocode: Vocode; release: () => Promise<void> }> {
  const { session } = await createOnnxSession(join(MODELS_DIR, 'hifigan/hifigan_v2_ljspeech.onnx'), engineOptions());
  return { vocode: hifiganVocoder(session), release: () => session.release() };
}

/** Real speech to vocode: flite slt at 22.05 kHz. */
export async function fliteSpeech22k(text: string): Promise<Float32Array> {
  const flite = await runFlite(text, { voice: 'slt' });
  return createPolyphaseResampler(flite.sampleRate, 22050).resample(flite.samples);
}
