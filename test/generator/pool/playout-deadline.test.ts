import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstChunkGraceMs, PlayoutDeadline, startReserveSeconds } from '../../../src/generator/pool/playout-deadline.ts';

test('before any audio is released a request is due a short grace after it arrived', () => {
  const playout = new PlayoutDeadline(1000);
  playout.callEnded(80);
  assert.equal(playout.playing, false);
  assert.equal(playout.due(0), 1000 + firstChunkGraceMs);
});

test('while playing it is due before its released audio runs out, by twice its last call', () => {
  const playout = new PlayoutDeadline(0);
  playout.callEnded(40);
  playout.started(100);
  playout.started(500); // later releases do not move the start
  assert.equal(playout.playing, true);
  // 1.5 s released from t=100 runs out at 1600; a 40 ms call may be followed by one twice as long.
  assert.equal(playout.due(1.5), 1600 - 80);
  playout.callEnded(60);
  assert.equal(playout.due(2.5), 2600 - 120);
});

test('until it has released the start reserve, a playing request is as urgent as when it started', () => {
  const playout = new PlayoutDeadline(0);
  playout.callEnded(45);
  playout.started(60);
  assert.equal(playout.due(0.28), 60, 'one short first chunk out: due at once, not 90 ms before it runs out');
  assert.equal(playout.due(startReserveSeconds - 0.01), 60);
  assert.equal(playout.due(startReserveSeconds), 60 + 1000 * startReserveSeconds - 90, 'then by its lead as usual');
});

test('after a long call the lead stays at least that long, though the last calls were short', () => {
  // A sentence's first call runs the front end over the whole sentence: the next sentence's will be as long again.
  const playout = new PlayoutDeadline(0);
  playout.started(0);
  playout.callEnded(250);
  playout.callEnded(30);
  assert.equal(playout.due(2), 2000 - 250, 'twice the last call (60 ms) would start the next sentence too late');
  playout.callEnded(200);
  assert.equal(playout.due(3), 3000 - 400, 'twice a long last call is still the larger lead');
});
