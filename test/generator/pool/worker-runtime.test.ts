// WorkerRuntime driven directly, without a thread: the same object the worker's entry file connects to its port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAudioPipelineOptions } from '../../../src/audio/audio-pipeline-options.ts';
import { defaultEngineModules, defaultTextModule } from '../../../src/generator/pool/pool-config.ts';
import type { MainToWorker, WorkerSetup, WorkerToMain } from '../../../src/generator/pool/protocol.ts';
import { WorkerRuntime } from '../../../src/generator/pool/worker-runtime.ts';

const setup: WorkerSetup = {
  engineModules: { flite: defaultEngineModules.flite },
  textModule: defaultTextModule,
  modelsDir: 'models',
  executionProviders: ['cpu'],
  intraOpThreads: 1,
  maxCharacters: 1000,
  niceness: 0,
};

function runtimeWithInbox(): { runtime: WorkerRuntime; inbox: WorkerToMain[]; until: (done: (m: WorkerToMain) => boolean) => Promise<WorkerToMain> } {
  const inbox: WorkerToMain[] = [];
  const waiters: Array<() => void> = [];
  const runtime = new WorkerRuntime(setup, (message) => {
    inbox.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (done: (m: WorkerToMain) => boolean): Promise<WorkerToMain> => {
    for (;;) {
      const found = inbox.find(done);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { runtime, inbox, until };
}

function send(runtime: WorkerRuntime, message: MainToWorker): void {
  runtime.handle(message);
}

test('encoded requests come back as Opus packets, then done with the pipeline summary and the work done', async () => {
  const { runtime, inbox, until } = runtimeWithInbox();
  try {
    send(runtime, { type: 'synthesize', id: 1, request: { text: 'Good game, everyone.', voice: 'flite:slt' }, window: 100, encode: defaultAudioPipelineOptions });
    const done = await until((m) => m.type === 'done' && m.id === 1);
    const packets = inbox.flatMap((m) => (m.type === 'packets' ? m.sizes : []));
    assert.ok(packets.length > 30, `${packets.length} packets`);
    assert.ok(packets.every((size) => size > 0 && size < 1500), 'plausible Opus packet sizes');
    assert.equal(done.type === 'done' && done.audio?.frames, packets.length);
    assert.ok(done.type === 'done' && done.work && done.work.audioSeconds > 0.5 && done.work.ms > 0);
    assert.equal(inbox.some((m) => m.type === 'chunk'), false, 'no raw chunks for an encoded request');
  } finally {
    await runtime.shutdown();
  }
});

test('a short phrase said again comes from the phrase cache: same audio, no synthesis', async () => {
  const { runtime, inbox, until } = runtimeWithInbox();
  try {
    const request = { text: 'gg', voice: 'flite:slt' };
    send(runtime, { type: 'synthesize', id: 1, request, window: 100 });
    await until((m) => m.type === 'done' && m.id === 1);
    send(runtime, { type: 'synthesize', id: 2, request, window: 100 });
    await until((m) => m.type === 'done' && m.id === 2);
    const samplesOf = (id: number): number[] => inbox.flatMap((m) => (m.type === 'chunk' && m.id === id ? [...m.samples] : []));
    assert.ok(samplesOf(1).length > 1000);
    assert.deepEqual(samplesOf(2), samplesOf(1));
    assert.deepEqual({ hits: runtime.phraseCache.hits, misses: runtime.phraseCache.misses }, { hits: 1, misses: 1 });
    const work = (id: number): number => {
      const done = inbox.find((m) => m.type === 'done' && m.id === id);
      return done?.type === 'done' ? done.work?.ms ?? -1 : -1;
    };
    // Only handing the cached chunks on is left: far less than synthesising them.
    assert.ok(work(2) >= 0 && work(2) < 0.2 * work(1), `work ${work(2).toFixed(2)} ms for the repeat vs ${work(1).toFixed(2)} ms`);
  } finally {
    await runtime.shutdown();
  }
});

test('a cancelled request ends with done (cancelled) and its audio is not cached', async () => {
  const { runtime, inbox, until } = runtimeWithInbox();
  try {
    send(runtime, { type: 'synthesize', id: 1, request: { text: 'Cancel me, please.', voice: 'flite:slt' }, window: 1 });
    await until((m) => m.type === 'chunk' && m.id === 1);
    send(runtime, { type: 'cancel', id: 1 });
    const done = await until((m) => m.type === 'done' && m.id === 1);
    assert.equal(done.type === 'done' && done.cancelled, true);
    assert.equal(runtime.phraseCache.bytes, 0);
    assert.equal(runtime.activeJobs, 0);
  } finally {
    await runtime.shutdown();
  }
  assert.ok(inbox.length > 0);
});
