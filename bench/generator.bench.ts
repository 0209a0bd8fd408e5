/**
 * Generator benchmark: per engine available here, time to first chunk and real-time factor with 1 and 2 workers, and
 * how much the main thread's event loop is delayed while 8 requests run (it should hardly notice: inference is in
 * the workers). Run alone with `node bench/generator.bench.ts`, or through bench/run.ts.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GeneratorPool } from '../src/generator/pool/generator-pool.ts';
import type { GeneratorPoolOptions } from '../src/generator/pool/generator-pool.ts';

// The shape bench/lib/bench-section.ts defines (another part of the project); kept structural here so this file
// type-checks before that module lands.
interface BenchSection {
  title: string;
  rows: Array<Record<string, string | number>>;
}

const text =
  'The quick brown fox jumps over the lazy dog, and then it runs into the forest. ' +
  'Streaming speech should start long before the whole paragraph has been synthesised.';

interface Target {
  readonly label: string;
  readonly voice: string;
  readonly options: GeneratorPoolOptions;
}

const piperDir = fileURLToPath(new URL('../../shared/models/piper-random-medium', import.meta.url));

/** Piper's random-weight medium voice laid out as models/voices/piper/<name>/ (symlinks, nothing copied). */
async function piperModelsDir(): Promise<string | undefined> {
  if (!existsSync(join(piperDir, 'en_US-random-medium.onnx'))) return undefined;
  const root = await mkdtemp(join(tmpdir(), 'bench-piper-'));
  const voiceDir = join(root, 'voices', 'piper', 'en_US-random-medium');
  await mkdir(voiceDir, { recursive: true });
  for (const file of ['en_US-random-medium.onnx', 'en_US-random-medium.onnx.json', 'en_US-random-medium.encoder.onnx', 'en_US-random-medium.decoder.onnx']) {
    if (existsSync(join(piperDir, file))) await symlink(join(piperDir, file), join(voiceDir, file));
  }
  return root;
}

interface RunResult {
  firstChunkMs: number;
  audioSeconds: number;
}

async function speak(pool: GeneratorPool, voice: string): Promise<RunResult> {
  const started = performance.now();
  let firstChunkMs = 0;
  let audioSeconds = 0;
  for await (const chunk of pool.stream({ text, voice })) {
    if (firstChunkMs === 0) firstChunkMs = performance.now() - started;
    audioSeconds += (chunk.samples.length - chunk.overlap) / chunk.sampleRate;
  }
  return { firstChunkMs, audioSeconds };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(target: Target, workers: number): Promise<Record<string, string | number>> {
  const pool = new GeneratorPool({ ...target.options, workers, log: () => {} });
  try {
    // Warm every worker (engine load, ONNX session) so the numbers are steady-state, as in a running bot.
    await Promise.all(Array.from({ length: workers }, () => speak(pool, target.voice)));
    const firsts: number[] = [];
    for (let i = 0; i < 3; i++) firsts.push((await speak(pool, target.voice)).firstChunkMs);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 8 }, () => speak(pool, target.voice)));
    const wallSeconds = (performance.now() - started) / 1000;
    loop.disable();
    const audioSeconds = results.reduce((sum, r) => sum + r.audioSeconds, 0);
    return {
      engine: target.label,
      voice: target.voice,
      workers,
      'first chunk ms (idle, median of 3)': Math.round(median(firsts)),
      'first chunk ms (8 at once, median)': Math.round(median(results.map((r) => r.firstChunkMs))),
      'RTF (8 at once)': Number((wallSeconds / audioSeconds).toFixed(3)),
      'audio s': Number(audioSeconds.toFixed(2)),
      'event loop p50 ms': Number((loop.percentile(50) / 1e6).toFixed(2)),
      'event loop p99 ms': Number((loop.percentile(99) / 1e6).toFixed(2)),
    };
  } finally {
    await pool.close();
  }
}


export default async function generatorBench(): Promise<BenchSection> {
  const targets: Target[] = [{ label: 'neural', voice: 'neural:slt', options: {} }];
  const piperModels = await piperModelsDir();
  if (piperModels) {
    targets.push({ label: 'piper (random weights)', voice: 'piper:en_US-random-medium', options: { modelsDir: piperModels } });
  }
  const rows: BenchSection['rows'] = [];
  try {
    for (const target of targets) {
      for (const workers of [1, 2]) {
        try {
          rows.push(await measure(target, workers));
        } catch (error) {
          rows.push({ engine: target.label, voice: target.voice, workers, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  } finally {
    if (piperModels) await rm(piperModels, { recursive: true, force: true });
  }
  return { title: 'Generator pool: time to first chunk, real-time factor, main-thread event-loop delay', rows };
}

if (import.meta.main) {
  const section = await generatorBench();
  console.log(section.title);
  console.table(section.rows);
}
