import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KWeightingFilter } from '../../src/audio/k-weighting.ts';
import { meanSquareToLufs } from '../../src/audio/decibels.ts';
import { sine } from './helpers/signals.ts';

function loudness(x: Float32Array, rate: number): number {
  const filter = new KWeightingFilter(rate);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const y = filter.step(x[i]);
    if (i >= rate / 2) {
      sum += y * y;
      n++;
    }
  }
  return meanSquareToLufs(sum / n);
}

test('a full-scale 997 Hz sine measures -3.01 LUFS at every supported rate (the BS.1770 reference)', () => {
  for (const rate of [16_000, 22_050, 24_000, 44_100, 48_000]) {
    const lufs = loudness(sine(997, rate, rate * 3, 1), rate);
    assert.ok(Math.abs(lufs - -3.01) < 0.1, `${rate} Hz: ${lufs.toFixed(3)} LUFS`);
  }
});

test('K-weighting cuts deep bass and lifts treble as specified', () => {
  const rate = 48_000;
  const at1k = loudness(sine(1_000, rate, rate * 3, 1), rate);
  const at20 = loudness(sine(20, rate, rate * 3, 1), rate);
  const at8k = loudness(sine(8_000, rate, rate * 3, 1), rate);
  assert.ok(at1k - at20 > 10, `20 Hz only ${(at1k - at20).toFixed(1)} dB below 1 kHz`);
  assert.ok(at8k - at1k > 3 && at8k - at1k < 5, `8 kHz is ${(at8k - at1k).toFixed(1)} dB above 1 kHz`);
});
