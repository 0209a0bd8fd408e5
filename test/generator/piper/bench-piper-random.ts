/**
 * Measures the Piper engine on the random-weight medium graph: session load, time to first chunk and real-time
 * factor, full model vs encoder/decoder streaming. Not a test (timings depend on the machine); run it with
 *   node test/generator/piper/bench-piper-random.ts [threads] [repeats]
 */
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChunkPlan, EngineRequest } from '../../../src/generator/voice-engine.ts';
import { createPiperEngine } from '../../../src/generator/piper/index.ts';

const SHARED = new URL('../../../../shared/models/piper-random-medium/', import.meta.url).pathname;
const SOURCE = 'en_US-random-medium';
const IPA = 'ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˌoʊvɚ ðə lˈeɪzi dˈɑːɡ.';
const PLAN: ChunkPlan = { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 };
const threads = Number(process.argv[2] ?? 2);
const repeats = Number(process.argv[3] ?? 5);

const modelsDir = await mkdtemp(join(tmpdir(), 'piper-bench-'));
async function linkVoice(name: string, suffixes: string[]): Promise<void> {
  const dir = join(modelsDir, 'voices', 'piper', name);
  await mkdir(dir, { recursive: true });
  for (const suffix of suffixes) await symlink(join(SHARED, `${SOURCE}${suffix}`), join(dir, `${name}${suffix}`));
}
await linkVoice('split', ['.onnx.json', '.encoder.onnx', '.decoder.onnx']);
await linkVoice('full', ['.onnx', '.onnx.json']);
const engine = await createPiperEngine(
  { modelsDir, executionProviders: ['cpu'], intraOpThreads: threads, log: () => {} },
  { loadPhonemizer: async () => ({ phonemize: async () => [IPA] }) },
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function run(voiceName: string): Promise<{ firstMs: number; totalMs: number; audioS: number; chunks: number }> {
  const request: EngineRequest = { text: 'x', voice: `piper:${voiceName}`, voiceName, chunkPlan: PLAN };
  const start = performance.now();
  let firstMs = 0;
  let samples = 0;
  let chunks = 0;
  for await (const chunk of engine.synthesize(request, new AbortController().signal)) {
    if (chunks === 0) firstMs = performance.now() - start;
    chunks++;
    samples += chunk.samples.length - chunk.overlap;
  }
  return { firstMs, totalMs: performance.now() - start, audioS: samples / 22050, chunks };
}

for (const voice of ['full', 'split']) {
  const loadStart = performance.now();
  await run(voice); // first call loads the sessions
  const loadMs = performance.now() - loadStart;
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(await run(voice));
  const first = median(runs.map((r) => r.firstMs));
  const total = median(runs.map((r) => r.totalMs));
  const audio = runs[0].audioS;
  console.log(
    `${voice.padEnd(5)} threads=${threads} first call (incl. load) ${loadMs.toFixed(0)} ms | ` +
      `median of ${repeats}: first chunk ${first.toFixed(0)} ms, total ${total.toFixed(0)} ms, ` +
      `audio ${audio.toFixed(2)} s in ${runs[0].chunks} chunks, RTF ${(total / 1000 / audio).toFixed(3)}`,
  );
}
await engine.close();
await rm(modelsDir, { recursive: true, force: true });
