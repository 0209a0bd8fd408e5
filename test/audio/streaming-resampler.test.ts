import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamingResampler } from '../../src/audio/streaming-resampler.ts';
import { concatFloat, sine } from './helpers/signals.ts';
import { maxStep, rmsDb, spectrumDb, strongestSpurDb, zeroCrossingFrequency } from './helpers/analysis.ts';

const rates = [16_000, 22_050, 24_000, 44_100];

async function resampleInPieces(x: Float32Array, rate: number, pieces: readonly number[]): Promise<Float32Array> {
  const r = await StreamingResampler.create(rate, 48_000, 'fastest');
  const parts: Float32Array[] = [];
  for (let start = 0, k = 0; start < x.length; k++) {
    const end = Math.min(x.length, start + pieces[k % pieces.length]);
    parts.push(r.process(x.subarray(start, end)));
    start = end;
  }
  parts.push(r.flush());
  r.release();
  return concatFloat(parts);
}

for (const rate of rates) {
  test(`${rate} Hz -> 48 kHz: a 1 kHz tone keeps its frequency within 1 Hz, aliasing below -60 dB, exact length`, async () => {
    const x = sine(1_000, rate, Math.round(rate * 1.5), 0.8);
    const y = await resampleInPieces(x, rate, [1_000, 37, 4_096, 1, 555]);
    assert.equal(y.length, Math.round(x.length * 48_000 / rate));
    const f = zeroCrossingFrequency(y, 48_000, 4_800, y.length - 4_800);
    assert.ok(Math.abs(f - 1_000) < 1, `measured ${f.toFixed(3)} Hz`);
    const spur = strongestSpurDb(spectrumDb(y, 8_000, 32_768), 48_000, 1_000, 60);
    assert.ok(spur < -60, `strongest other component ${spur.toFixed(1)} dB`);
    assert.ok(Math.abs(rmsDb(y, 4_800, y.length - 4_800) - rmsDb(x)) < 0.1, 'level changed');
  });
}

test('chunked resampling equals one-shot resampling: state carries across calls, so joins do not click', async () => {
  const rate = 22_050;
  const x = sine(440, rate, rate, 0.9);
  const whole = await resampleInPieces(x, rate, [x.length]);
  const pieces = await resampleInPieces(x, rate, [100, 2_000, 7, 999]);
  assert.equal(pieces.length, whole.length);
  let worst = 0;
  for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(whole[i] - pieces[i]));
  assert.ok(worst < 1e-4, `chunked output differs by ${worst}`);
  assert.ok(maxStep(pieces, 100, pieces.length - 100) <= 2 * Math.PI * 440 / 48_000 * 0.9 * 1.01);
});

test('the tail is flushed: audio right at the end is not lost', async () => {
  const rate = 16_000;
  const x = new Float32Array(1_600);
  x.fill(0.5, 1_500);
  const y = await resampleInPieces(x, rate, [1_600]);
  assert.equal(y.length, 4_800);
  assert.ok(rmsDb(y, 4_550, 4_750) > -7, 'last 100 input samples missing from the output');
});

test('48 kHz input passes through unchanged; use after release is refused', async () => {
  const r = await StreamingResampler.create(48_000, 48_000, 'fastest');
  const x = sine(1_000, 48_000, 960);
  assert.deepEqual(r.process(x), x);
  assert.equal(r.flush().length, 0);
  r.release();
  assert.throws(() => r.process(x), /after release/);
});

test('a new resampler starts clean: a stream before it in the same module leaves nothing behind', async () => {
  const rate = 24_000;
  const first = await StreamingResampler.create(rate, 48_000, 'fastest');
  first.process(sine(3_000, rate, 5_000, 0.9));
  first.release();
  const second = await StreamingResampler.create(rate, 48_000, 'fastest');
  const out = concatFloat([second.process(new Float32Array(2_000)), second.flush()]);
  second.release();
  assert.equal(out.length, 4_000);
  assert.ok(out.every((v) => v === 0), 'audio from the previous stream leaked into the next');
});

test('22.05 kHz speech band: flat to 9.5 kHz and images above the old Nyquist below -85 dB', async () => {
  const rate = 22_050;
  for (const frequency of [1_000, 9_500]) {
    const x = sine(frequency, rate, rate, 0.5);
    const y = await resampleInPieces(x, rate, [2_205]);
    assert.ok(Math.abs(rmsDb(y, 4_800, y.length - 4_800) - rmsDb(x)) < 0.2, `${frequency} Hz level changed`);
    const spur = strongestSpurDb(spectrumDb(y, 8_000, 32_768), 48_000, frequency, 60);
    assert.ok(spur < -85, `${frequency} Hz: strongest other component ${spur.toFixed(1)} dB`);
  }
});

test('an impulse stays where it was: the output is time aligned with the input', async () => {
  const rate = 22_050;
  const x = new Float32Array(4_410);
  x[2_000] = 1;
  const y = await resampleInPieces(x, rate, [300]);
  let peak = 0;
  for (let i = 1; i < y.length; i++) if (Math.abs(y[i]) > Math.abs(y[peak])) peak = i;
  assert.ok(Math.abs(peak - (2_000 * 48_000) / rate) <= 1, `peak at ${peak}`);
});
