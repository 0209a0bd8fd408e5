import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AloneTimer, countListeners, type Scheduler } from '../../../src/discord/voice/alone-timer.ts';

class FakeScheduler implements Scheduler {
  pending = new Map<number, { callback: () => void; ms: number }>();
  #next = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    this.pending.set(++this.#next, { callback, ms });
    return this.#next;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.callback();
  }
}

test('counts people, not bots', () => {
  assert.equal(countListeners([{ id: 'me', bot: true }, { id: 'a', bot: false }, { id: 'b', bot: true }]), 1);
  assert.equal(countListeners([]), 0);
});

test('leaves after the delay when alone; someone joining cancels', () => {
  const scheduler = new FakeScheduler();
  const left: string[] = [];
  const timer = new AloneTimer(30_000, (g) => left.push(g), scheduler);
  timer.update('g1', 0);
  timer.update('g1', 0);
  assert.equal(scheduler.pending.size, 1, 'one timer per guild');
  assert.equal([...scheduler.pending.values()][0].ms, 30_000);
  timer.update('g1', 1);
  assert.equal(scheduler.pending.size, 0);
  scheduler.fireAll();
  assert.deepEqual(left, []);
  timer.update('g1', 0);
  timer.update('g2', 2);
  scheduler.fireAll();
  assert.deepEqual(left, ['g1']);
  assert.equal(timer.isPending('g1'), false);
});

test('a zero delay disables the rule', () => {
  const scheduler = new FakeScheduler();
  const timer = new AloneTimer(0, () => assert.fail('must not leave'), scheduler);
  timer.update('g', 0);
  assert.equal(scheduler.pending.size, 0);
});
