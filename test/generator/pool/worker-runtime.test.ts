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

test('a request reports its CPU cost once after its first 3 s of audio, then again with done', async () => {
  const { runtime, inbox, until } = runtimeWithInbox();
  try {
    const text = 'This sentence goes on for well over three seconds, so the worker tells the pool what it costs before it ends.';
    send(runtime, { type: 'synthesize', id: 1, request: { text, voice: 'flite:slt' }, window: 100, encode: defaultAudioPipelineOptions });
    const done = await until((m) => m.type === 'done' && m.id === 1);
    const early = inbox.filter((m) => m.type === 'work' && m.id === 1);
    assert.equal(early.length, 1, 'one early report');
    const [report] = early;
    assert.ok(report.type === 'work' && report.work.audioSeconds >= 3 && report.work.ms > 0, JSON.stringify(report));
    assert.ok(inbox.indexOf(report) < inbox.indexOf(done), 'before the end');
    assert.ok(done.type === 'done' && done.work && report.type === 'work' && done.work.audioSeconds > report.work.audioSeconds);
  } finally {
    await runtime.shutdown();
  }
});

test('a busy worker reports the share of a core its model calls got, for admission', async () => {
  const { runtime, inbox, until } = runtimeWithInbox();
  try {
    const text = 'The first sentence keeps the engine busy for a while. The second one does too, and then some more. A third follows.';
    send(runtime, { type: 'synthesize', id: 1, request: { text, voice: 'flite:slt' }, window: 100, encode: defaultAudioPipelineOptions });
    await until((m) => m.type === 'done' && m.id === 1);
    const shares = inbox.flatMap((m) => (m.type === 'core-share' ? [m.share] : []));
    assert.ok(shares.length >= 1, 'at least one report while the request was made');
    assert.ok(shares.every((share) => share > 0 && share <= 1), shares.join(', '));
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
    const work = (id: number): unknown => {
      const done = inbox.find((m) => m.type === 'done' && m.id === id);
      return done?.type === 'done' ? done.work : undefined;
    };
    assert.ok(work(1), 'the synthesised phrase reports its cost');
    assert.equal(work(2), undefined, 'the cached repeat cost no synthesis, so it tells admission nothing about the voice');
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
