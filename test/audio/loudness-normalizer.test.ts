import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoudnessNormalizer } from '../../src/audio/loudness-normalizer.ts';
import type { LoudnessSettings } from '../../src/audio/loudness-normalizer.ts';
import { concatFloat, noise, sine } from './helpers/signals.ts';
import { peak, rmsDb } from './helpers/analysis.ts';

const settings: LoudnessSettings = {
  targetLufs: -16, maxGainDb: 18, gateLufs: -50, primeSeconds: 0.4, memorySeconds: 10, maxGainChangeDbPerSecond: 3, priorSeconds: 3,
};

function normaliseInChunks(x: Float32Array, rate: number, lengths: readonly number[]): Float32Array {
  const n = new LoudnessNormalizer(rate, settings);
  const parts: Float32Array[] = [];
  for (let start = 0, k = 0; start < x.length; k++) {
    const end = Math.min(x.length, start + lengths[k % lengths.length]);
    parts.push(n.process(x.subarray(start, end)));
    start = end;
  }
  parts.push(n.flush());
  return concatFloat(parts);
}

/** Chunk lengths of a generator that emits pieces of 30 ms to 700 ms. */
const uneven = [7_000, 661, 15_400, 2_205, 9_999, 13_000, 4_410];

test('the level of a steady input stays within ±1 dB across chunk joins', () => {
  const rate = 22_050;
  const input = noise(rate * 8, 0.05, 7);
  const out = normaliseInChunks(input, rate, uneven);
  assert.equal(out.length, input.length);
  const window = Math.round(rate * 0.05);
  const levels: number[] = [];
  // After the one-second warm-up, measure 50 ms either side of every join.
  for (let start = 0, k = 0; start < input.length; k++) {
    start += uneven[k % uneven.length];
    if (start < rate || start + window > out.length) continue;
    levels.push(rmsDb(out, start - window, start), rmsDb(out, start, start + window));
  }
  assert.ok(levels.length >= 10);
  const median = [...levels].sort((a, b) => a - b)[levels.length >> 1];
  for (const level of levels) assert.ok(Math.abs(level - median) <= 1, `level ${level.toFixed(2)} dB vs ${median.toFixed(2)} dB`);

  // The approach this replaces, each chunk divided by its own peak, breaks the same check.
  const naive = concatFloat(chunkArrays(input, uneven).map((c) => {
    const scale = 0.9 / peak(c);
    return c.map((v) => v * scale);
  }));
  const naiveLevels: number[] = [];
  for (let start = 0, k = 0; start < input.length; k++) {
    start += uneven[k % uneven.length];
    if (start < rate || start + window > naive.length) continue;
    naiveLevels.push(rmsDb(naive, start - window, start) - rmsDb(naive, start, start + window));
  }
  assert.ok(naiveLevels.some((d) => Math.abs(d) > 0.3), "per-chunk peak normalisation should visibly step at joins");
});

function chunkArrays(x: Float32Array, lengths: readonly number[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (let start = 0, k = 0; start < x.length; k++) {
    const end = Math.min(x.length, start + lengths[k % lengths.length]);
    out.push(x.slice(start, end));
    start = end;
  }
  return out;
}

test('a quiet 1 kHz tone (-29 dBFS) is brought to the target (-16 LUFS, i.e. about -16 dBFS RMS for a sine)', () => {
  const rate = 24_000;
  const out = normaliseInChunks(sine(1_000, rate, rate * 4, 0.05), rate, [4_800]);
  const level = rmsDb(out, rate * 2, rate * 4);
  // BS.1770 is defined so that a 1 kHz sine's loudness in LUFS equals its RMS in dBFS.
  assert.ok(Math.abs(level - -16) < 1, `RMS ${level.toFixed(2)} dBFS`);
});

test('the gain moves smoothly: no step in gain between consecutive samples of a steady tone', () => {
  const rate = 16_000;
  // Loud then quiet: the estimate has to travel, and must do it gradually.
  const x = concatFloat([sine(500, rate, rate * 2, 0.5), sine(500, rate, rate * 3, 0.05)]);
  const out = normaliseInChunks(x, rate, [1_234]);
  let worstRatioJump = 0;
  for (let i = 1; i < out.length; i++) {
    if (Math.abs(x[i]) < 0.01 || Math.abs(x[i - 1]) < 0.01) continue;
    const g0 = out[i - 1] / x[i - 1];
    const g1 = out[i] / x[i];
    worstRatioJump = Math.max(worstRatioJump, Math.abs(20 * Math.log10(g1 / g0)));
  }
  assert.ok(worstRatioJump < 0.1, `gain jumped ${worstRatioJump.toFixed(3)} dB between two samples`);
});

test('silence stays silence and low noise is not raised by more than the maximum gain', () => {
  const rate = 22_050;
  const silent = normaliseInChunks(new Float32Array(rate * 2), rate, [3_000]);
  assert.ok(silent.every((v) => v === 0));

  const hiss = noise(rate * 3, 0.0003, 99);
  const out = normaliseInChunks(hiss, rate, [2_000]);
  const raised = rmsDb(out) - rmsDb(hiss);
  assert.ok(raised <= 18 + 0.01, `noise raised by ${raised.toFixed(2)} dB`);
});

test('the gate keeps pauses from pumping the gain: speech level after a long pause is unchanged', () => {
  const rate = 22_050;
  const tone = (seconds: number) => sine(300, rate, Math.round(rate * seconds), 0.1);
  const x = concatFloat([tone(2), new Float32Array(rate * 3), tone(1)]);
  const out = normaliseInChunks(x, rate, [2_205]);
  const before = rmsDb(out, Math.round(rate * 1.5), rate * 2);
  const after = rmsDb(out, rate * 5 + 2_205, rate * 6);
  assert.ok(Math.abs(after - before) < 1, `before pause ${before.toFixed(2)} dB, after ${after.toFixed(2)} dB`);
});

test('the first gain is chosen from the first 0.4 s as a whole, not from a quiet first syllable', () => {
  const rate = 22_050;
  // 80 ms at -26 dB relative, then the steady voice: the old warm-up started several dB too loud on this.
  const x = concatFloat([sine(300, rate, Math.round(rate * 0.08), 0.005), sine(300, rate, rate * 3, 0.1)]);
  const n = new LoudnessNormalizer(rate, settings);
  const first = n.process(x.subarray(0, Math.round(rate * 0.39)));
  assert.equal(first.length, 0, 'nothing leaves before 0.4 s have been measured');
  assert.equal(n.pendingSamples, Math.round(rate * 0.39));
  const out = concatFloat([first, n.process(x.subarray(Math.round(rate * 0.39))), n.flush()]);
  assert.equal(out.length, x.length);
  const gainAt = (from: number, to: number): number => rmsDb(out, from, to) - rmsDb(x, from, to);
  const onset = gainAt(Math.round(rate * 0.1), Math.round(rate * 0.2));
  const steady = gainAt(rate * 2, rate * 3);
  assert.ok(Math.abs(onset - steady) <= 1, `onset gain ${onset.toFixed(2)} dB, steady ${steady.toFixed(2)} dB`);
  assert.equal(n.pendingSamples, 0, 'after the prime nothing is held');
});

test('after the prime every sample leaves in the call that brought it, ramping smoothly to each new gain', () => {
  const rate = 16_000;
  // A level jump after 1 s pulls the gain down in ramps; chunks of odd sizes end mid-step.
  const x = concatFloat([sine(300, rate, rate, 0.02), sine(300, rate, rate * 2, 0.2)]);
  const n = new LoudnessNormalizer(rate, settings);
  const sizes = [7_000, 333, 1_601, 2_999, 17, 5_000];
  const parts: Float32Array[] = [];
  let fed = 0;
  for (let k = 0; fed < x.length; k++) {
    const size = Math.min(sizes[k % sizes.length], x.length - fed);
    const out = n.process(x.subarray(fed, fed + size));
    fed += size;
    if (fed >= rate * 0.4) assert.equal(n.pendingSamples, 0, `nothing held after ${fed} samples`);
    parts.push(out);
  }
  parts.push(n.flush());
  const out = concatFloat(parts);
  assert.equal(out.length, x.length);
  // The applied gain (out / x, taken at the sine's crests) moves by at most the per-step limit over any 100 ms.
  const gains: number[] = [];
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]) > 0.015) gains.push(20 * Math.log10(Math.abs(out[i] / x[i])));
  let largestJump = 0;
  for (let i = 1; i < gains.length; i++) largestJump = Math.max(largestJump, Math.abs(gains[i] - gains[i - 1]));
  assert.ok(largestJump < 0.05, `the gain steps by ${largestJump.toFixed(3)} dB between neighbouring samples`);
});

test('a known voice level sets the first gain: a message at that level starts at target minus level', () => {
  const rate = 16_000;
  const x = sine(997, rate, rate * 2, 10 ** (-30 / 20) * Math.SQRT2);
  // A 997 Hz sine's loudness is its RMS level: -30 LUFS, so the gain should be +14 dB from the first sample on.
  const n = new LoudnessNormalizer(rate, { ...settings, expectedLufs: -30 });
  const out = concatFloat([n.process(x), n.flush()]);
  const firstGain = rmsDb(out, 0, rate / 10) - rmsDb(x, 0, rate / 10);
  assert.ok(Math.abs(firstGain - 14) < 0.3, `first 100 ms at ${firstGain.toFixed(2)} dB`);
  // A wrong expectation is corrected by the measurement, slowly (at most 3 dB/s): 6 dB too low an expectation...
  const off = new LoudnessNormalizer(rate, { ...settings, expectedLufs: -36 });
  const outOff = concatFloat([off.process(sine(997, rate, rate * 6, 10 ** (-30 / 20) * Math.SQRT2)), off.flush()]);
  const early = rmsDb(outOff, 0, rate / 10) + 30;
  const late = rmsDb(outOff, rate * 5, rate * 6) + 30;
  // ...starts between the two (the 0.4 s measured beside the 3 s of expectation) and moves to the right gain.
  assert.ok(early > 14.5 && early < 20, `first 100 ms gain ${early.toFixed(2)} dB`);
  assert.ok(Math.abs(late - 14) < 1.5 && late < early - 1, `gain after 5 s ${late.toFixed(2)} dB, first ${early.toFixed(2)} dB`);
});
