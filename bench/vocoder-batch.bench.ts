/**
 * Vocoder batching: does one `session.run` over B streams' mel chunks cost less per stream than B runs of one?
 * For the shipped HiFi-GAN (fp32 and int8) at the chunk lengths the neural engine uses (a first chunk with its right
 * context, 64 frames; a steady chunk with both contexts, 160 frames), batch sizes 1, 2, 4 and 8, one onnxruntime thread
 * as in a worker. Reports process CPU and wall time per stream per call, and the CPU per second of the audio a call
 * keeps (its frames less the context). The longer chunks a busy worker makes (chunk-scale.ts: 256 and 384 frames) are
 * measured unbatched: they show the least vocoder CPU a second of speech can cost on this machine.
 * GENERATOR_PROVIDERS=cuda,cpu runs it on the GPU (bench/gpu.sh), where batching is expected to matter.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { createOnnxSession } from '../src/generator/onnx-session.ts';
import { INT8_VOCODER_RELATIVE_PATH, VOCODER_RELATIVE_PATH } from '../src/generator/neural/index.ts';
import type { ExecutionProviderName } from '../src/generator/voice-engine.ts';
import type { BenchSection } from './lib/bench-section.ts';

const modelsDir = fileURLToPath(new URL('../models', import.meta.url));
const MEL_BANDS = 80;
/** HiFi-GAN's hop at its 22.05 kHz output: one mel frame is this many seconds of audio. */
const FRAME_SECONDS = 256 / 22050;
/** Frames per call, the frames of audio it keeps (the rest is context), and the batch sizes tried. */
const SHAPES = [
  { frames: 64, kept: 48, batches: [1, 2, 4, 8] },
  { frames: 160, kept: 128, batches: [1, 2, 4, 8] },
  { frames: 288, kept: 256, batches: [1] },
  { frames: 416, kept: 384, batches: [1] },
] as const;
const REPEATS = 6;

function providers(): ExecutionProviderName[] {
  const names = (process.env.GENERATOR_PROVIDERS ?? 'cpu').split(',').map((p) => p.trim().toLowerCase());
  return names.filter((p): p is ExecutionProviderName => p === 'cpu' || p === 'cuda');
}

/** A log-mel of speech-like level (HiFi-GAN's mels lie around -11..2); the values do not change the work. */
function randomMel(length: number): Float32Array {
  const mel = new Float32Array(length);
  for (let i = 0; i < length; i++) mel[i] = -6 + 4 * Math.sin(i * 0.37) + Math.random();
  return mel;
}

export default async function vocoderBatchBench(): Promise<BenchSection> {
  const rows: Array<Record<string, string | number>> = [];
  let provider = 'cpu';
  for (const [label, relative] of [['int8', INT8_VOCODER_RELATIVE_PATH], ['fp32', VOCODER_RELATIVE_PATH]] as const) {
    const loaded = await createOnnxSession(join(modelsDir, relative), { executionProviders: providers(), intraOpThreads: 1, log: () => {} });
    provider = loaded.provider;
    try {
      for (const { frames, kept, batches } of SHAPES) {
        let single = 0;
        for (const batch of batches) {
          const input = new ort.Tensor('float32', randomMel(batch * MEL_BANDS * frames), [batch, MEL_BANDS, frames]);
          await loaded.session.run({ mel: input }); // warm: the first run of a shape allocates
          const cpu = process.cpuUsage();
          const started = performance.now();
          for (let i = 0; i < REPEATS; i++) await loaded.session.run({ mel: input });
          const used = process.cpuUsage(cpu);
          const cpuMs = (used.user + used.system) / 1000 / REPEATS / batch;
          const wallMs = (performance.now() - started) / REPEATS / batch;
          if (batch === 1) single = cpuMs;
          rows.push({
            model: label, frames, batch,
            'CPU ms per stream': Number(cpuMs.toFixed(1)),
            'wall ms per stream': Number(wallMs.toFixed(1)),
            'CPU vs batch 1': Number((cpuMs / single).toFixed(2)),
            'CPU s per s of audio kept': Number((cpuMs / 1000 / (kept * FRAME_SECONDS)).toFixed(4)),
          });
        }
      }
    } finally {
      await loaded.session.release();
    }
  }
  return {
    title: `Vocoder batching (HiFi-GAN, 1 onnxruntime thread, ${provider.toUpperCase()})`,
    rows,
    notes: [
      `each cell: the mean of ${REPEATS} runs of one [batch, 80, frames] call after a warm-up run, divided by the batch.`,
      '64 frames = a first chunk of 48 with its 16 frames of right context; 160, 288, 416 = chunks of 128, 256, 384 frames with 16 on each side.',
      'CPU s per s of audio kept: the per-stream CPU over the seconds of audio the call keeps (256 samples at 22.05 kHz per kept frame).',
      'a ratio near 1 (or above) means batching several streams into one call saves nothing on this provider.',
    ],
  };
}
