import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkScaleForLoad, firstChunkEarlyForLoad, firstChunkScaleForLoad } from '../../../src/generator/pool/chunk-scale.ts';
import { piecePlan } from '../../../src/generator/pool/speech-pieces.ts';
import { TurnQueue } from '../../../src/generator/pool/turn-queue.ts';

const plan = { firstChunkFrames: 20, chunkFrames: 128, contextFrames: 16, overlapSeconds: 0.01, growth: 2 };

test('later chunks grow with measured load; a lone request and first chunks never do', () => {
  assert.equal(chunkScaleForLoad(0.95, 1), 1, 'a lone request streams in small steps');
  assert.equal(chunkScaleForLoad(0.3, 6), 1);
  assert.equal(chunkScaleForLoad(0.6, 6), 2);
  assert.equal(chunkScaleForLoad(0.9, 6), 3);
  assert.deepEqual(piecePlan(plan, 0, 3), { ...plan, chunkFrames: 384 }, 'the first piece keeps its small first chunk');
  assert.deepEqual(piecePlan(plan, 2, 2), { ...plan, chunkFrames: 256, firstChunkFrames: 256 });
  assert.deepEqual(piecePlan(plan, 1, 0.5), { ...plan, chunkFrames: 128, firstChunkFrames: 128 }, 'never smaller than planned');
});

test('the turn queue measures how busy its engines were over the last seconds', async () => {
  const turns = new TurnQueue();
  const start = performance.now();
  assert.equal(turns.busyShare(2_000, start), 0);
  const release = await turns.acquire(0);
  assert.ok(release);
  const busyUntil = performance.now() + 50;
  while (performance.now() < busyUntil);
  release();
  const share = turns.busyShare(100);
  assert.ok(share > 0.3 && share <= 1, `busy share over the last 100 ms: ${share}`);
  assert.equal(turns.busyShare(100, performance.now() + 1_000), 0, 'old turns fall out of the window');
});

test('the first chunk is as planned alone on the worker and twice that beside other streams, never past a later chunk', () => {
  assert.equal(firstChunkScaleForLoad(1), 1, 'alone: the shortest time to first audio');
  assert.equal(firstChunkScaleForLoad(2), 2);
  assert.equal(firstChunkScaleForLoad(8), 2);
  const plan = { firstChunkFrames: 24, chunkFrames: 128, contextFrames: 16, overlapSeconds: 0.01 };
  assert.equal(piecePlan(plan, 0, 1, 2).firstChunkFrames, 48);
  assert.equal(piecePlan(plan, 0, 1, 8).firstChunkFrames, 128, 'capped at the later chunks');
  assert.equal(piecePlan(plan, 1, 1, 2).firstChunkFrames, 128, 'only the first piece starts small');
});


test('a first chunk is made early (flite waits mid-sentence) only alone on the worker', () => {
  assert.equal(firstChunkEarlyForLoad(0), true);
  assert.equal(firstChunkEarlyForLoad(1), true, 'alone');
  assert.equal(firstChunkEarlyForLoad(2), false, 'beside another stream');
  assert.equal(firstChunkEarlyForLoad(16), false);
});
