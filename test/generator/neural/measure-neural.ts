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
// The shared dev box is often oversubscribed, so process CPU time (all threads) is reported beside wall time: it
// is what the work costs on an otherwise idle core.
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const firsts: number[] = [];
const firstsCpu: number[] = [];
let audioSeconds = 0;
let computeMs = 0;
let computeCpuMs = 0;
for (let round = 0; round < 2; round++) {
  for (const text of sentences) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    let first = -1;
    let firstCpu = -1;
    let samples = 0;
    for await (const chunk of engine.synthesize(
      { text, voice: 'neural:slt', voiceName: 'slt', chunkPlan: plan },
      new AbortController().signal,
    )) {
      if (first < 0) {
        first = performance.now() - start;
        firstCpu = cpuMs(startCpu);
      }
      samples += chunk.samples.length - chunk.overlap;
    }
    const total = performance.now() - start;
    const totalCpu = cpuMs(startCpu);
    if (round === 0) continue; // first round warms the JIT and onnxruntime
    firsts.push(first);
    firstsCpu.push(firstCpu);
    audioSeconds += samples / 22050;
    computeMs += total;
    computeCpuMs += totalCpu;
  }
}
await engine.close();
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(
  `neural:slt threads=${threads} chunkFrames=${chunkFrames}, ${firsts.length} sentences, ${audioSeconds.toFixed(1)} s audio\n` +
    `  first chunk: wall median ${median(firsts).toFixed(0)} ms (min ${Math.min(...firsts).toFixed(0)}), ` +
    `CPU median ${median(firstsCpu).toFixed(0)} ms (min ${Math.min(...firstsCpu).toFixed(0)})\n` +
    `  RTF: wall ${(computeMs / 1000 / audioSeconds).toFixed(3)}, CPU ${(computeCpuMs / 1000 / audioSeconds).toFixed(3)}`,
);
