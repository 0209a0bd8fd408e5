import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_ENGINE_SPEED, speedForBacklog } from '../../src/playback/speed-up.ts';

const rule = { threshold: 3, maxMultiplier: 1.5, stepPerMessage: 0.1 };

test('speed is unchanged up to the threshold', () => {
  for (let waiting = 0; waiting <= 3; waiting++) assert.equal(speedForBacklog(1.2, waiting, rule), 1.2);
});

test('each waiting message above the threshold speaks 10 % faster', () => {
  assert.equal(speedForBacklog(1, 4, rule), 1.1);
  assert.equal(speedForBacklog(1, 5, rule), 1.2);
  assert.equal(speedForBacklog(2, 5, rule), 2.4);
});

test('the multiplier stops at the cap and the engine limit', () => {
  assert.equal(speedForBacklog(1, 50, rule), 1.5);
  assert.equal(speedForBacklog(2, 50, rule), MAX_ENGINE_SPEED);
});

test('never slower than asked, never faster than the cap allows', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.5, max: 2.5, noNaN: true }), fc.nat(200), (speed, waiting) => {
      const result = speedForBacklog(speed, waiting, rule);
      assert.ok(result >= speed - 1e-3, `${result} < ${speed}`);
      assert.ok(result <= Math.max(speed, Math.min(speed * 1.5, MAX_ENGINE_SPEED)) + 1e-3);
    }),
  );
});

test('more backlog never means slower speech', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.5, max: 2.5, noNaN: true }), fc.nat(100), (speed, waiting) => {
      assert.ok(speedForBacklog(speed, waiting + 1, rule) >= speedForBacklog(speed, waiting, rule));
    }),
  );
});
