import { availableParallelism } from 'node:os';

/**
 * GENERATOR_WORKERS' default, and the pool's when it is given no count. One worker per core, at most 8: synthesis is the bot's main work, and since each worker also encodes its own audio,
 * the main thread needs only a sliver of a core (it runs at a better nice value than the workers, see defaultWorkerNiceness in src/generator/pool/pool-config.ts). With
 * one worker on a 2-core machine, that worker was the bottleneck while the other core idled. Each worker costs about
 * 150 MB (its own ONNX sessions); above 8, memory grows faster than throughput on common machines.
 */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}
