import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideAfterDisconnect, defaultReconnectPolicy, rejoinDelay } from '../../../src/discord/voice/reconnect-policy.ts';

const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 5000 };
const facts = { closeCode: 1006, attempts: 0, botChannelId: 'vc1', leftOnPurpose: false, graceOver: false };

test('network loss: rejoin with growing delays, bounded tries', () => {
  assert.deepEqual(decideAfterDisconnect(facts, policy), { kind: 'rejoin', delayMs: 1000 });
  assert.deepEqual(decideAfterDisconnect({ ...facts, attempts: 1 }, policy), { kind: 'rejoin', delayMs: 2000 });
  assert.deepEqual(decideAfterDisconnect({ ...facts, attempts: 2 }, policy), { kind: 'rejoin', delayMs: 4000 });
  assert.deepEqual(decideAfterDisconnect({ ...facts, attempts: 3 }, policy), { kind: 'give-up' });
});

test('4014: wait for a possible move first, then rejoin if still in a channel, leave if removed', () => {
  const closed = { ...facts, closeCode: 4014 };
  assert.equal(decideAfterDisconnect(closed, policy).kind, 'wait-for-move');
  assert.deepEqual(decideAfterDisconnect({ ...closed, graceOver: true }, policy), { kind: 'rejoin', delayMs: 1000 });
  assert.deepEqual(decideAfterDisconnect({ ...closed, graceOver: true, botChannelId: null }, policy), { kind: 'leave' });
  assert.deepEqual(decideAfterDisconnect({ ...closed, graceOver: true, attempts: 3 }, policy), { kind: 'give-up' });
});

test('leaving on purpose never rejoins', () => {
  assert.deepEqual(decideAfterDisconnect({ ...facts, leftOnPurpose: true }, policy), { kind: 'leave' });
  assert.deepEqual(decideAfterDisconnect({ ...facts, closeCode: 4014, leftOnPurpose: true }, policy), { kind: 'leave' });
});

test('backoff is capped', () => {
  assert.equal(rejoinDelay(10, policy), 5000);
  assert.equal(rejoinDelay(0, defaultReconnectPolicy), 1000);
});

test('4017 (DAVE required) is fatal at once: rejoining cannot help', () => {
  assert.deepEqual(decideAfterDisconnect({ ...facts, closeCode: 4017 }, policy), { kind: 'give-up' });
  // The codes that resume or rejoin keep their handling.
  assert.equal(decideAfterDisconnect({ ...facts, closeCode: 4006 }, policy).kind, 'rejoin');
  assert.equal(decideAfterDisconnect({ ...facts, closeCode: 4015 }, policy).kind, 'rejoin');
});
