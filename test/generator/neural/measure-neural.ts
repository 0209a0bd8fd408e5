/**
 * Manual measurement, not a test: time to first chunk and real-time factor of neural:slt on this machine.
 *   node test/generator/neural/measure-neural.ts [intraOpThreads] [chunkFrames]
 */
import { join } from 'node:path';
import { createEngine } from '../../../src/generator/neural/index.ts';
import type { ChunkPlan } from '../../../src/generator/voice-engine.ts';

const threads = Number(process.argv[2] ?? 1);
const chunkFrames = Number(process.argv[3] ?? 64);
const plan: ChunkPlan = { firstChunkFrames: 12, chunkFrames, contextFrames: 16, overlapSeconds: 0.01 };
const sentences = [
  'The weather is nice today, so we are going for a walk in the park.',
  'Please remember to buy milk and bread on your way home tonight.',
  'Our meeting has been moved to Thursday afternoon at three.',
  'She opened the window and listened to the birds singing outside.',
  'Could you turn the music down a little bit while I am on the phone?',
  'The train to the city leaves from platform four every half hour.',
];

const engine = await createEngine({
  modelsDir: join(import.meta.dirname, '../../../models'),
  executionProviders: ['cpu'],
  intraOpThreads: threads,
  log: () => {},
});
const firsts: number[] = [];
let audioSeconds = 0;
let computeMs = 0;
for (let round = 0; round < 2; round++) {
  for (const text of sentences) {
    const start = performance.now();
    let first = -1;
    let samples = 0;
    for await (const chunk of engine.synthesize(
      { text, voice: 'neural:slt', voiceName: 'slt', chunkPlan: plan },
      new AbortController().signal,
    )) {
      if (first < 0) first = performance.now() - start;
      samples += chunk.samples.length - chunk.overlap;
    }
    const total = performance.now() - start;
    if (round === 0) continue; // first round warms the JIT and onnxruntime
    firsts.push(first);
    audioSeconds += samples / 22050;
    computeMs += total;
  }
}
await engine.close();
firsts.sort((a, b) => a - b);
console.log(
  `neural:slt threads=${threads} chunkFrames=${chunkFrames}: first chunk median ${firsts[firsts.length >> 1].toFixed(0)} ms ` +
    `(min ${firsts[0].toFixed(0)}, max ${firsts[firsts.length - 1].toFixed(0)}), ` +
    `RTF ${(computeMs / 1000 / audioSeconds).toFixed(3)} over ${audioSeconds.toFixed(1)} s of audio`,
);
