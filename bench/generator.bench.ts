/**
 * Generator benchmark: per engine available here and per pool shape (1 worker x 2 onnxruntime threads, 2 x 1),
 *  - cold start: a new pool until warmUp() has loaded and exercised the voice in every worker (reported on its own,
 *    never mixed into first-chunk numbers);
 *  - idle first chunk: one request at a time on the warmed pool, wall and process CPU time (CPU is what the work
 *    costs on an otherwise idle core; the shared dev box is often oversubscribed, so wall time alone misleads);
 *  - 8 requests at once: first chunk, real-time factor (wall and CPU), and the main thread's event-loop delay and
 *    utilisation while they run (inference is in the workers; the main thread should hardly notice).
 * Run alone with `node bench/generator.bench.ts`, or through bench/run.ts.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { GeneratorPool } from '../src/generator/pool/generator-pool.ts';
import type { GeneratorPoolOptions } from '../src/generator/pool/generator-pool.ts';
import type { ExecutionProviderName } from '../src/generator/voice-engine.ts';
import type { BenchSection } from './lib/bench-section.ts';
import { formatTable } from './lib/format-table.ts';

const text =
  'The quick brown fox jumps over the lazy dog, and then it runs into the forest. ' +
  'Streaming speech should start long before the whole paragraph has been synthesised.';

const IDLE_REQUESTS = 5;
const CONCURRENT_REQUESTS = 8;
/** Sampling interval of the event-loop monitor; every recorded delay includes it. */
const LOOP_RESOLUTION_MS = 5;

interface Target {
  readonly label: string;
  readonly voice: string;
  readonly options: GeneratorPoolOptions;
}

interface PoolShape {
  readonly workers: number;
  readonly intraOpThreads: number;
}

const shapes: readonly PoolShape[] = [
  { workers: 1, intraOpThreads: 2 },
  { workers: 2, intraOpThreads: 1 },
];

const piperDir = fileURLToPath(new URL('../../shared/models/piper-random-medium', import.meta.url));

/** Piper's random-weight medium voice laid out as models/voices/piper/<name>/ (symlinks, nothing copied). */
async function piperModelsDir(): Promise<string | undefined> {
  if (!existsSync(join(piperDir, 'en_US-random-medium.onnx'))) return undefined;
  const root = await mkdtemp(join(tmpdir(), 'bench-piper-'));
  const voiceDir = join(root, 'voices', 'piper', 'en_US-random-medium');
  await mkdir(voiceDir, { recursive: true });
  for (const file of ['en_US-random-medium.onnx.json', 'en_US-random-medium.encoder.onnx', 'en_US-random-medium.decoder.onnx']) {
    if (existsSync(join(piperDir, file))) await symlink(join(piperDir, file), join(voiceDir, file));
  }
  return root;
}

/** GENERATOR_PROVIDERS as the bot reads it (cuda,cpu on a GPU machine: see bench/gpu.sh); CPU when unset. */
function providersFromEnvironment(): ExecutionProviderName[] {
  const names = (process.env.GENERATOR_PROVIDERS ?? 'cpu').split(',').map((p) => p.trim().toLowerCase());
  return names.filter((p): p is ExecutionProviderName => p === 'cpu' || p === 'cuda');
}

const cpuMsSince = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

interface RunResult {
  firstChunkMs: number;
  /** Process CPU (all threads) until the first chunk arrived; meaningful only when nothing else runs. */
  firstChunkCpuMs: number;
  audioSeconds: number;
}

async function speak(pool: GeneratorPool, voice: string): Promise<RunResult> {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  let firstChunkMs = 0;
  let firstChunkCpuMs = 0;
  let audioSeconds = 0;
  for await (const chunk of pool.stream({ text, voice })) {
    if (firstChunkMs === 0) {
      firstChunkMs = performance.now() - started;
      firstChunkCpuMs = cpuMsSince(startedCpu);
    }
    audioSeconds += (chunk.samples.length - chunk.overlap) / chunk.sampleRate;
  }
  return { firstChunkMs, firstChunkCpuMs, audioSeconds };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits = 0): number => Number(value.toFixed(digits));

async function measure(target: Target, shape: PoolShape): Promise<Record<string, string | number>> {
  const coldStarted = performance.now();
  const pool = new GeneratorPool({ ...target.options, ...shape, executionProviders: providersFromEnvironment(), log: () => {} });
  try {
    const report = await pool.warmUp([target.voice]);
    const failure = report.workers.flatMap((w) => w.voices).find((v) => v.error);
    if (failure?.error) throw new Error(failure.error.message);
    const coldStartMs = performance.now() - coldStarted;
    // A bot is idle for a while between start-up and the first message; background JIT work finishes meanwhile.
    await sleep(500);

    const idle: RunResult[] = [];
    for (let i = 0; i < IDLE_REQUESTS; i++) {
      idle.push(await speak(pool, target.voice));
      await sleep(100);
    }

    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const utilisationBefore = performance.eventLoopUtilization();
    const cpuBefore = process.cpuUsage();
    loop.enable();
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, () => speak(pool, target.voice)));
    const wallSeconds = (performance.now() - started) / 1000;
    loop.disable();
    const cpuSeconds = cpuMsSince(cpuBefore) / 1000;
    const utilisation = performance.eventLoopUtilization(utilisationBefore);
    const audioSeconds = results.reduce((sum, r) => sum + r.audioSeconds, 0);
    const firsts = results.map((r) => r.firstChunkMs);
    return {
      engine: target.label,
      shape: `${shape.workers}w x ${shape.intraOpThreads}t`,
      'cold start ms': round(coldStartMs),
      [`idle 1st chunk ms (med of ${IDLE_REQUESTS})`]: round(median(idle.map((r) => r.firstChunkMs))),
      'idle 1st chunk CPU ms': round(median(idle.map((r) => r.firstChunkCpuMs))),
      [`${CONCURRENT_REQUESTS} at once: 1st chunk med ms`]: round(median(firsts)),
      '1st chunk max ms': round(Math.max(...firsts)),
      'RTF wall': round(wallSeconds / audioSeconds, 3),
      'RTF CPU': round(cpuSeconds / audioSeconds, 3),
      'loop p50 ms': round(loop.percentile(50) / 1e6, 1),
      'loop p99 ms': round(loop.percentile(99) / 1e6, 1),
      'loop max ms': round(loop.max / 1e6, 1),
      'main ELU %': round(utilisation.utilization * 100, 1),
    };
  } finally {
    await pool.close();
  }
}

export default async function generatorBench(): Promise<BenchSection> {
  const targets: Target[] = [
    { label: 'neural:slt', voice: 'neural:slt', options: {} },
    // neural:slt's text front end alone: what is left of its cost with no vocoder at all.
    { label: 'flite:slt', voice: 'flite:slt', options: {} },
  ];
  const piperModels = await piperModelsDir();
  if (piperModels) {
    targets.push({ label: 'piper medium (random)', voice: 'piper:en_US-random-medium', options: { modelsDir: piperModels } });
  }
  const loadBefore = loadavg()[0];
  const rows: BenchSection['rows'] = [];
  try {
    for (const target of targets) {
      for (const shape of shapes) {
        try {
          rows.push(await measure(target, shape));
        } catch (error) {
          rows.push({ engine: target.label, shape: `${shape.workers}w x ${shape.intraOpThreads}t`, error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  } finally {
    if (piperModels) await rm(piperModels, { recursive: true, force: true });
  }
  return {
    title: 'Generator pool: cold start, time to first chunk, real-time factor, main-thread event-loop delay',
    rows,
    notes: [
      `execution providers: ${providersFromEnvironment().join(',')}. ${availableParallelism()} cores, load average ${loadBefore.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after (other processes inflate wall times; CPU columns do not depend on them).`,
      'cold start = new pool until warmUp([voice]) resolved (workers started, engine and ONNX sessions loaded, one short phrase spoken); excluded from every other column.',
      `idle = one request at a time after warm-up and 0.5 s idle. RTF = seconds taken (or process CPU seconds) / seconds of audio, for ${CONCURRENT_REQUESTS} requests started together.`,
      `event-loop delay sampled every ${LOOP_RESOLUTION_MS} ms (each value includes those ${LOOP_RESOLUTION_MS} ms); ELU = share of the time the main thread was busy.`,
      'targets: first chunk <= 100 ms, RTF (wall, 8 at once) <= 0.05 for neural:slt, loop p99 <= 10 ms. Piper weights are random: timing only.',
      'flite:slt is the speech neural:slt re-voices, made the same way but not vocoded: neural:slt costs at least its RTF CPU plus the vocoder\'s (npm run bench -- vocoder-batch).',
    ],
  };
}

if (import.meta.main) {
  console.log(formatTable(await generatorBench()));
}
