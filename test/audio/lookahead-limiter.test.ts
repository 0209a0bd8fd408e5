import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LookaheadLimiter } from '../../src/audio/lookahead-limiter.ts';
import { concatFloat, noise, sine } from './helpers/signals.ts';

const ceiling = 10 ** (-1 / 20);

function limit(x: Float32Array, rate: number, piece: number): Float32Array {
  const limiter = new LookaheadLimiter(rate, { ceiling, lookaheadSeconds: 0.005, releaseSeconds: 0.08 });
  const parts: Float32Array[] = [];
  for (let i = 0; i < x.length; i += piece) parts.push(limiter.process(x.subarray(i, i + piece)));
  parts.push(limiter.flush());
  return concatFloat(parts);
}

test('nothing exceeds the ceiling, output is as long as input and aligned with it', () => {
  const rate = 22_050;
  const x = concatFloat([sine(200, rate, 4_000, 0.5), sine(200, rate, 2_000, 3), sine(200, rate, 4_000, 0.5)]);
  const y = limit(x, rate, 777);
  assert.equal(y.length, x.length);
  let over = 0;
  for (const v of y) over = Math.max(over, Math.abs(v) - ceiling);
  assert.ok(over <= 1e-6, `exceeded the ceiling by ${over}`);
  // Well before the loud part the signal passes untouched and in place.
  for (let i = 0; i < 3_000; i++) assert.ok(Math.abs(y[i] - x[i]) < 1e-6, `sample ${i}`);
  // It reduces, not mutes: the loud part sits near the ceiling.
  let loudPeak = 0;
  for (let i = 4_200; i < 5_800; i++) loudPeak = Math.max(loudPeak, Math.abs(y[i]));
  assert.ok(loudPeak > ceiling * 0.9);
});

test('gain changes as a ramp, not a step, when a peak arrives', () => {
  const rate = 16_000;
  const x = new Float32Array(2_000).fill(0.5);
  x[1_000] = 4;
  const y = limit(x, rate, 2_000);
  let worst = 0;
  for (let i = 1; i < y.length; i++) if (i !== 1_000 && i !== 1_001) worst = Math.max(worst, Math.abs(y[i] - y[i - 1]));
  // Spread over 80 lookahead samples the drop from 0.5 to 0.11 is under 0.01 per sample.
  assert.ok(worst < 0.01, `largest step ${worst}`);
  assert.ok(Math.abs(y[1_000]) <= ceiling + 1e-6);
});

test('property: any signal and any piece size stay under the ceiling', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5_000 }), fc.double({ min: 0.1, max: 20, noNaN: true }), fc.integer({ min: 1, max: 1_000_000 }),
      (piece, gain, seed) => {
        const x = noise(6_000, gain, seed);
        const y = limit(x, 24_000, piece);
        assert.equal(y.length, x.length);
        for (const v of y) assert.ok(Math.abs(v) <= ceiling + 1e-6);
      }),
    { numRuns: 40 },
  );
});
