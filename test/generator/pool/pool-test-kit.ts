import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { GeneratorPool } from '../../../src/generator/pool/generator-pool.ts';
import type { GeneratorPoolOptions } from '../../../src/generator/pool/generator-pool.ts';
import type { ToneEvent } from '../../helpers/tone-engine/index.ts';
import { testTextModule, toneEngineModule } from '../../helpers/tone-engine/text-module.ts';
import { concatSamples } from '../../../src/audio/concat-samples.ts';

export const testChunkPlan = { firstChunkFrames: 5, chunkFrames: 20, contextFrames: 0, overlapSeconds: 0.01 };

export function tonePool(options: GeneratorPoolOptions = {}): GeneratorPool {
  return new GeneratorPool({
    workers: 1,
    engineModules: { tone: toneEngineModule },
    textModule: testTextModule,
    chunkPlan: testChunkPlan,
    log: () => {},
    ...options,
  });
}

/** Listens to what tone engines in any worker report. */
export class ToneEvents {
  readonly events: ToneEvent[] = [];
  private readonly channel = new BroadcastChannel('tone-engine');
  constructor() {
    this.channel.addEventListener('message', (event) => this.events.push((event as MessageEvent).data as ToneEvent));
  }
  count(kind: ToneEvent['event'], voice?: string): number {
    return this.events.filter((e) => e.event === kind && (voice === undefined || e.voice === voice)).length;
  }
  close(): void {
    this.channel.close();
  }
}

export async function collect(stream: AsyncIterable<AudioChunk>): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

export function concat(chunks: readonly AudioChunk[]): Float32Array {
  return concatSamples(chunks.map((c) => c.samples));
}

/** Frequency from upward zero crossings; exact enough for a clean sine. */
export function estimateFrequency(samples: Float32Array, sampleRate: number): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    if (samples[i - 1] < 0 && samples[i] >= 0) crossings.push(i - samples[i] / (samples[i] - samples[i - 1]));
  }
  if (crossings.length < 2) return 0;
  return ((crossings.length - 1) * sampleRate) / (crossings[crossings.length - 1] - crossings[0]);
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
