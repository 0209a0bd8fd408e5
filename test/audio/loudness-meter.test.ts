import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integratedLoudness, loudnessRange, measureLoudness } from '../../src/audio/loudness-meter.ts';
import { concatFloat, sine } from './helpers/signals.ts';

const rate = 48_000;
const toneAt = (dbfs: number, seconds: number): Float32Array => sine(997, rate, Math.round(rate * seconds), 10 ** (dbfs / 20));

test('BS.1770 reference: a 997 Hz sine measures its own RMS level as LUFS (-3.01 at full scale)', () => {
  for (const sampleRate of [16_000, 22_050, 48_000]) {
    const lufs = integratedLoudness(sine(997, sampleRate, sampleRate * 5, 1), sampleRate);
    assert.ok(Math.abs(lufs - -3.01) < 0.05, `${sampleRate} Hz: ${lufs.toFixed(3)} LUFS`);
  }
  assert.ok(Math.abs(integratedLoudness(toneAt(-23, 10), rate) - -26.01) < 0.05);
});

test('gating: silence is left out (absolute gate), a part 20 LU down is left out (relative gate)', () => {
  const withSilence = concatFloat([toneAt(-20, 4), new Float32Array(rate * 6), toneAt(-20, 4)]);
  // Only the few 400 ms blocks that straddle an edge (part tone, part silence) count a little low: -23.18, not -23.01.
  const gatedSilence = integratedLoudness(withSilence, rate);
  assert.ok(Math.abs(gatedSilence - -23.01) < 0.25, `silence pulled the level down to ${gatedSilence.toFixed(2)} LUFS`);
  // Ungated, 4 s at -40 beside 4 s at -20 would lower the power mean by about 3 dB; gated it costs almost nothing.
  const loudAndQuiet = concatFloat([toneAt(-20, 4), toneAt(-40, 4)]);
  const lufs = integratedLoudness(loudAndQuiet, rate);
  assert.ok(Math.abs(lufs - -23.01) < 0.25, `${lufs.toFixed(2)} LUFS`);
  assert.equal(integratedLoudness(new Float32Array(rate * 2), rate), -Infinity);
  assert.equal(integratedLoudness(toneAt(-20, 0.3), rate), -Infinity, 'shorter than one 400 ms block');
});

test('loudness range: 10 LU between two steady levels, 0 for a steady level or a short message', () => {
  const steps = concatFloat([toneAt(-20, 10), toneAt(-30, 10)]);
  const range = loudnessRange(steps, rate);
  assert.ok(Math.abs(range - 10) < 0.5, `${range.toFixed(2)} LU`);
  assert.ok(loudnessRange(toneAt(-20, 10), rate) < 0.1);
  assert.equal(loudnessRange(toneAt(-20, 2), rate), 0);
  const all = measureLoudness(steps, rate);
  assert.equal(all.rangeLu, range);
  assert.ok(Math.abs(all.samplePeakDbfs - -20) < 0.01);
});
