import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { GeneratorPool } from '../../../src/generator/pool/generator-pool.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import { testTextModule } from '../../helpers/tone-engine/text-module.ts';
import type { LifecycleEvent } from './lifecycle-engine.ts';
import { waitFor } from './pool-test-kit.ts';

const lifecycleEngine = fileURLToPath(new URL('./lifecycle-engine.ts', import.meta.url));
const text = 'A long text that keeps the engine busy for a good while, call after call after call.';

function lifecyclePool(logs: string[], shutdownGraceMs?: number): GeneratorPool {
  return new GeneratorPool({
    workers: 1,
    engineModules: { lifecycle: lifecycleEngine },
    textModule: testTextModule,
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...(shutdownGraceMs !== undefined ? { shutdownGraceMs } : {}),
  });
}

/** Reads a stream to its end in the background; resolves with the error it ended with ('finished' if none). */
async function outcome(stream: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const chunk of stream) void chunk;
    return 'finished';
  } catch (error) {
    return error;
  }
}

function listen(): { events: LifecycleEvent[]; close: () => void } {
  const events: LifecycleEvent[] = [];
  const channel = new BroadcastChannel('lifecycle-engine');
  channel.addEventListener('message', (event) => events.push((event as MessageEvent).data as LifecycleEvent));
  return { events, close: () => channel.close() };
}

test('close() lets the model call in progress end, starts no other, closes the engine, and the worker exits by itself', async () => {
  const logs: string[] = [];
  const listener = listen();
  const pool = lifecyclePool(logs);
  const controller = new AbortController();
  const reading = outcome(pool.stream({ text, voice: 'lifecycle:slow' }, controller.signal));
  try {
    await waitFor(() => listener.events.filter((e) => e.event === 'call-end').length >= 2, 'two model calls');
    // Close while a call is (very likely) in progress; whichever it is, the order below must hold.
    controller.abort();
    await pool.close();
    assert.equal(((await reading) as Error).name, 'AbortError');
    await waitFor(() => listener.events.some((e) => e.event === 'closed'), 'the engine to be closed');
    const order = listener.events.map((e) => e.event);
    const closedAt = order.indexOf('closed');
    assert.equal(order.filter((e) => e === 'closed').length, 1, 'closed once');
    assert.equal(closedAt, order.length - 1, `nothing happened after the engine was closed: ${order.join(',')}`);
    assert.equal(order.filter((e) => e === 'call-start').length, order.filter((e) => e === 'call-end').length, 'every call that started ended');
    assert.ok(!logs.some((line) => /terminated/.test(line)), `no forced termination: ${logs.join(' | ')}`);
    await assert.rejects(
      (async () => {
        for await (const chunk of pool.stream({ text, voice: 'lifecycle:slow' })) void chunk;
      })(),
      (error: unknown) => error instanceof SpeechError && error.code === 'aborted',
    );
  } finally {
    listener.close();
  }
});

test('a worker stuck in synchronous code is terminated after the grace period, and close() still resolves', async () => {
  const logs: string[] = [];
  const listener = listen();
  const pool = lifecyclePool(logs, 300);
  const reading = outcome(pool.stream({ text, voice: 'lifecycle:stuck' }));
  try {
    await waitFor(() => listener.events.some((e) => e.event === 'call-start'), 'the stuck call to start');
    const started = Date.now();
    await pool.close();
    // Generous: the point is that close() does not wait for the 30 s spin.
    assert.ok(Date.now() - started < 10_000, `close() took ${Date.now() - started} ms`);
    const error = await reading;
    assert.ok(error instanceof SpeechError && error.code === 'aborted', `the open stream failed as shut down: ${String(error)}`);
    assert.ok(logs.some((line) => /^warn: .*terminated/.test(line)), `the forced termination is logged: ${logs.join(' | ')}`);
    assert.ok(!listener.events.some((e) => e.event === 'closed'), 'a stuck worker never got to close its engine');
  } finally {
    listener.close();
  }
});

test('shutdownGraceMs is checked', () => {
  assert.throws(() => new GeneratorPool({ workers: 1, shutdownGraceMs: -1 }), RangeError);
  assert.throws(() => new GeneratorPool({ workers: 1, shutdownGraceMs: Number.NaN }), RangeError);
});
