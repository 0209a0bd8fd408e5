import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canPlayThroughDave, daveSettled } from '../../../src/discord/voice/dave-readiness.ts';

const ready = { transportReady: true, negotiated: true, sessionReady: true, resetting: false, transitionPending: false, othersPresent: true };

test('DAVE off or an established group: frames can be played', () => {
  assert.equal(canPlayThroughDave(ready), true);
  assert.equal(canPlayThroughDave({ ...ready, negotiated: false, sessionReady: false }), true);
});

test('before the handshake ends, or while re-keying, nothing is played to listeners', () => {
  assert.equal(canPlayThroughDave({ ...ready, sessionReady: false }), false);
  assert.equal(canPlayThroughDave({ ...ready, resetting: true }), false);
  assert.equal(canPlayThroughDave({ ...ready, transportReady: false }), false);
});

test('alone in the channel there is nobody to wait for', () => {
  assert.equal(canPlayThroughDave({ ...ready, sessionReady: false, othersPresent: false }), true);
});

test('the first utterance also waits for the transition to be executed; later joins do not stop playback', () => {
  assert.equal(daveSettled({ ...ready, transitionPending: true }), false);
  assert.equal(canPlayThroughDave({ ...ready, transitionPending: true }), true);
  assert.equal(daveSettled(ready), true);
  assert.equal(daveSettled({ ...ready, transitionPending: true, othersPresent: false, sessionReady: false }), true);
});
