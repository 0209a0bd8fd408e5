/**
 * The K-weighting loop and the PCM rounding were rewritten for speed; these check that they still compute exactly
 * what the plain per-sample definitions do, bit for bit (and that the limiter does not depend on piece size).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toStereoPcm16 } from '../../src/audio/frame-packer.ts';
import { Biquad, KWeightingFilter, kWeightingHighPass, kWeightingShelf } from '../../src/audio/k-weighting.ts';
import { LookaheadLimiter } from '../../src/audio/lookahead-limiter.ts';

function randomSignal(length: number, seed: number, scale: number): Float32Array {
  let state = seed;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    out[i] = (state / 2_147_483_648 * 2 - 1) * scale;
  }
  return out;
}

test('toStereoPcm16 rounds exactly like Math.round, on random values and on every half-step edge', () => {
  const edges: number[] = [0, -0, 1, -1, 1.5, -1.5, Number.NaN, 0.5 / 32767, -0.5 / 32767, 1e-30, -1e-30];
  for (let k = -32767; k <= 32767; k += 97) edges.push((k + 0.5) / 32767, (k - 0.5) / 32767, k / 32767);
  const values = Float32Array.from([...edges, ...randomSignal(20_000, 7, 1.1)]);
  const pcm = toStereoPcm16(values);
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 2);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const expected = Math.round((x > 1 ? 1 : x < -1 ? -1 : x) * 32767) || 0; // NaN and -0 store as 0
    assert.equal(samples[2 * i], expected, `left of ${x}`);
    assert.equal(samples[2 * i + 1], expected, `right of ${x}`);
  }
});

test('KWeightingFilter.accumulateSquares matches two Biquads stepped sample by sample, across odd splits', () => {
  const rate = 22_050;
  const input = randomSignal(5_000, 3, 0.8);
  const shelf = new Biquad(kWeightingShelf(rate));
  const highPass = new Biquad(kWeightingHighPass(rate));
  let expected = 0;
  for (const x of input) {
    const y = highPass.step(shelf.step(x));
    expected += y * y;
  }
  const filter = new KWeightingFilter(rate);
  let sum = 0;
  for (const [from, to] of [[0, 1], [1, 222], [222, 223], [223, 4_000], [4_000, 5_000]]) {
    sum = filter.accumulateSquares(input, from, to, sum);
  }
  assert.equal(sum, expected);
  assert.ok(sum > 0);
});

test('LookaheadLimiter gives the same samples whether fed one sample at a time or all at once', () => {
  const rate = 16_000;
  const input = randomSignal(3_000, 11, 3); // mostly over the ceiling, so the deque and envelope are busy
  const settings = { ceiling: 0.5, lookaheadSeconds: 0.003, releaseSeconds: 0.02 };
  const whole = new LookaheadLimiter(rate, settings);
  const expected = [...whole.process(input), ...whole.flush()];
  const bySample = new LookaheadLimiter(rate, settings);
  const got: number[] = [];
  for (let i = 0; i < input.length; i++) got.push(...bySample.process(input.subarray(i, i + 1)));
  got.push(...bySample.flush());
  assert.equal(got.length, input.length);
  assert.deepEqual(got, expected);
  assert.ok(Math.max(...got.map(Math.abs)) <= 0.5 + 1e-6);
  assert.ok(whole.maxReductionDb > 5);
});
