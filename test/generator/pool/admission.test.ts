import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admission, CostEstimates } from '../../../src/generator/pool/admission.ts';

function admission(workers: number[], cost = 0.3, utilisation = 0.8) {
  const started: Array<[number, number]> = [];
  const control = new Admission({ utilisation, costOf: () => cost, workers: () => workers });
  const offer = (id: number) => control.offer(id, { voiceId: 'neural:slt', start: (worker) => started.push([id, worker]) });
  return { control, started, offer };
}

test('requests start while the workers have room, spread over the least committed worker', () => {
  const { started, offer, control } = admission([0, 1]);
  // 0.3 each, 0.8 per worker: two per worker fit, the fifth waits.
  assert.deepEqual([1, 2, 3, 4, 5].map(offer), [true, true, true, true, false]);
  assert.deepEqual(started, [[1, 0], [2, 1], [3, 0], [4, 1]]);
  assert.equal(control.waiting, 1);
});

test('a finished request lets the first waiting one in; waiting ones never overtake each other', () => {
  const { started, offer, control } = admission([0], 0.5);
  offer(1);
  assert.equal(offer(2), false);
  assert.equal(offer(3), false);
  control.release(1);
  assert.deepEqual(started.map(([id]) => id), [1, 2]);
  control.release(2);
  assert.deepEqual(started.map(([id]) => id), [1, 2, 3]);
  assert.equal(control.waiting, 0);
});

test('a waiting request that is cancelled just leaves the queue; releasing twice changes nothing', () => {
  const { started, offer, control } = admission([0], 0.5);
  offer(1);
  offer(2);
  offer(3);
  control.release(2);
  control.release(1);
  control.release(1);
  assert.deepEqual(started.map(([id]) => id), [1, 3]);
});

test('an idle worker always takes one request, even one that costs more than the whole worker', () => {
  const { offer } = admission([0], 1.5);
  assert.equal(offer(1), true);
  assert.equal(offer(2), false);
});

test('a crashed worker forgets its commitments: waiting requests go to its replacement', () => {
  const { started, offer, control } = admission([0], 0.5);
  offer(1);
  offer(2);
  control.forgetWorker(0);
  assert.deepEqual(started.map(([id]) => id), [1, 2]);
});

test('cost estimates start from the prior, follow measurements, and ignore too-short utterances', () => {
  const costs = new CostEstimates(0.1, 0.5);
  assert.equal(costs.costOf('neural:slt'), 0.1);
  costs.record('neural:slt', 600, 10);
  assert.equal(costs.costOf('neural:slt'), 0.06);
  costs.record('neural:slt', 1000, 10);
  assert.ok(Math.abs(costs.costOf('neural:slt') - 0.08) < 1e-12);
  costs.record('neural:slt', 5000, 0.5);
  assert.ok(Math.abs(costs.costOf('neural:slt') - 0.08) < 1e-12, 'half a second of audio is not a measurement');
  assert.equal(costs.costOf('flite:slt'), 0.1);
});

test('at most startingPerWorker requests start at once on a worker; one that settles lets the next one start', () => {
  const started: number[] = [];
  const control = new Admission({ utilisation: 1, startingPerWorker: 2, costOf: () => 0.1, workers: () => [0] });
  const offer = (id: number): boolean => control.offer(id, { voiceId: 'neural:slt', start: () => started.push(id) });
  assert.deepEqual([1, 2, 3, 4].map(offer), [true, true, false, false]);
  control.settled(1);
  assert.deepEqual(started, [1, 2, 3], 'the first settled: the third starts, the fourth still waits');
  control.settled(1);
  assert.deepEqual(started, [1, 2, 3], 'settling twice frees nothing more');
  control.release(2);
  assert.deepEqual(started, [1, 2, 3, 4], 'a request that ends (before settling) frees its start too');
});

test('a cheaper plan B may overtake those waiting when it fits; nothing else does', () => {
  const started: number[] = [];
  const costs: Record<string, number> = { 'neural:slt': 0.5, 'flite:slt': 0.1 };
  const control = new Admission({ utilisation: 0.7, costOf: (voice) => costs[voice], workers: () => [0] });
  const offer = (id: number, voiceId: string, options = {}): boolean => control.offer(id, { voiceId, start: () => started.push(id) }, options);
  assert.equal(offer(1, 'neural:slt'), true);
  assert.equal(offer(2, 'neural:slt'), false, 'no room: waits');
  assert.equal(offer(3, 'flite:slt'), false, 'fits, but may not overtake request 2');
  assert.equal(offer(4, 'neural:slt', { wait: false }), false);
  assert.equal(offer(5, 'flite:slt', { overtake: true }), true, 'a plan B that fits goes ahead');
  assert.deepEqual(started, [1, 5]);
});

test('admitted streams are charged at the current estimate: a lower measured cost admits waiting requests at once', () => {
  const started: number[] = [];
  let cost = 0.3;
  const control = new Admission({ utilisation: 0.7, costOf: () => cost, workers: () => [0] });
  const offer = (id: number): boolean => control.offer(id, { voiceId: 'neural:slt', start: () => started.push(id) });
  assert.deepEqual([1, 2, 3, 4].map(offer), [true, true, false, false]);
  assert.ok(Math.abs(control.committedOn(0) - 0.6) < 1e-9);
  cost = 0.15;
  assert.deepEqual(started, [1, 2], 'nothing moves until the pool says the costs changed');
  control.reconsider();
  assert.deepEqual(started, [1, 2, 3, 4], 'four at 0.15 fit in 0.7');
  assert.ok(Math.abs(control.committedOn(0) - 0.6) < 1e-9);
  cost = 0.5;
  control.release(1);
  assert.ok(Math.abs(control.committedOn(0) - 1.5) < 1e-9, 'a higher cost is charged to those playing too');
  assert.equal(offer(5), false, 'and keeps newcomers out until there is room');
});

test('a worker that gets only part of a core has that part of its room: new streams wait until its share recovers', () => {
  const started: number[] = [];
  let share = 1;
  const control = new Admission({ utilisation: 0.6, costOf: () => 0.1, workers: () => [0], shareOf: () => share });
  const offer = (id: number): boolean => control.offer(id, { voiceId: 'neural:slt', start: () => started.push(id) });
  assert.deepEqual([1, 2, 3].map(offer), [true, true, true], 'a whole core: 0.3 of 0.6 committed');
  share = 0.4;
  assert.equal(offer(4), false, '0.4 of 0.6 committed would exceed 0.6 x 0.4 = 0.24');
  share = 0.25;
  control.reconsider();
  assert.deepEqual(started, [1, 2, 3], 'streams already playing are kept; only newcomers wait');
  share = 0.9;
  control.reconsider();
  assert.deepEqual(started, [1, 2, 3, 4], 'the share came back: the waiting request starts');
});

test('an idle worker takes one request whatever its last measured share', () => {
  const started: number[] = [];
  const control = new Admission({ utilisation: 0.6, costOf: () => 0.1, workers: () => [0], shareOf: () => 0.05 });
  assert.equal(control.offer(1, { voiceId: 'neural:slt', start: () => started.push(1) }), true);
  assert.deepEqual(started, [1]);
});
