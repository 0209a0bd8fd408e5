import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TurnQueue } from '../../../src/generator/pool/turn-queue.ts';
import type { Release } from '../../../src/generator/pool/turn-queue.ts';

/** Lets every granted turn's promise settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('one turn at a time, then earliest deadline first, first come first served among equals', async () => {
  const queue = new TurnQueue();
  const order: string[] = [];
  const first = await queue.acquire(500);
  assert.ok(first, 'a free queue grants at once');
  const turns = new Map<string, Release>();
  const wait = (name: string, deadline: number): void => {
    void queue.acquire(deadline).then((release) => {
      assert.ok(release);
      order.push(name);
      turns.set(name, release);
    });
  };
  wait('playing, 3 s of audio left', 3000);
  wait('new A', 100);
  wait('playing, 1 s left', 1000);
  wait('new B', 100);
  wait('new C', 50);
  await settle();
  assert.deepEqual(order, [], 'nobody runs while the turn is held');
  assert.equal(queue.length, 5);
  first();
  first(); // a second release must not hand out a second turn
  await settle();
  assert.deepEqual(order, ['new C']);
  for (const expected of ['new A', 'new B', 'playing, 1 s left', 'playing, 3 s of audio left']) {
    turns.get(order.at(-1)!)!();
    await settle();
    assert.equal(order.at(-1), expected);
  }
  turns.get(order.at(-1)!)!();
  assert.equal(queue.length, 0);
  assert.ok(await queue.acquire(0), 'free again after the last release');
});

test('an abort while waiting leaves the queue without a turn; an aborted signal never waits', async () => {
  const queue = new TurnQueue();
  const held = await queue.acquire(0);
  assert.ok(held);
  const controller = new AbortController();
  const cancelled = queue.acquire(10, controller.signal);
  const next = queue.acquire(20);
  assert.equal(queue.length, 2);
  controller.abort();
  assert.equal(await cancelled, undefined);
  assert.equal(queue.length, 1);
  held();
  const release = await next;
  assert.ok(release, 'the turn went past the cancelled waiter');
  assert.equal(await queue.acquire(0, AbortSignal.abort()), undefined);
  release();
});

test('a request that asks again right after its call competes by deadline with those already waiting', async () => {
  const queue = new TurnQueue();
  const order: string[] = [];
  const playing = await queue.acquire(0);
  assert.ok(playing);
  // A newcomer waits for its first chunk (due in 300 ms)...
  void queue.acquire(300).then((release) => {
    order.push('newcomer');
    release?.();
  });
  // ...while the playing request finishes its call and, as the worker does, asks again in the same tick: its
  // listener runs out of audio sooner (due in 150 ms), so it must go first.
  playing();
  await Promise.resolve();
  const again = await queue.acquire(150);
  order.push('playing again');
  again?.();
  await settle();
  await settle();
  assert.deepEqual(order, ['playing again', 'newcomer']);
});
