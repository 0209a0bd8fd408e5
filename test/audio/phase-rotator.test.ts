import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhaseRotator } from '../../src/audio/phase-rotator.ts';
import { concatSamples } from '../../src/audio/concat-samples.ts';
import { sine } from './helpers/signals.ts';
import { peak, rms } from './helpers/analysis.ts';

const RATE = 22_050;

test('every frequency keeps its level: sines from 50 Hz to 10 kHz come out within 0.01 dB', () => {
  for (const frequency of [50, 150, 200, 400, 800, 1_000, 3_000, 10_000]) {
    const input = sine(frequency, RATE, RATE, 0.5);
    const output = new PhaseRotator(RATE).process(input);
    // After the filters settle (0.5 s), the steady tone's RMS is the input's.
    const ratioDb = 20 * Math.log10(rms(output, RATE / 2) / rms(input, RATE / 2));
    assert.ok(Math.abs(ratioDb) < 0.01, `${frequency} Hz: ${ratioDb.toFixed(4)} dB`);
  }
});

test('a pulse train like voiced speech gets lower peaks at the same RMS', () => {
  // 110 Hz glottal-like pulses: a short one-sided bump each period, all harmonics in phase.
  const input = new Float32Array(RATE);
  const period = Math.round(RATE / 110);
  for (let i = 0; i < input.length; i++) {
    const k = i % period;
    input[i] = k < 20 ? 0.6 * Math.sin((Math.PI * k) / 20) ** 2 : -0.6 * 10 / (period - 20);
  }
  const output = new PhaseRotator(RATE).process(input);
  const from = Math.floor(RATE / 4);
  const crestIn = 20 * Math.log10(peak(input, from) / rms(input, from));
  const crestOut = 20 * Math.log10(peak(output, from) / rms(output, from));
  assert.ok(Math.abs(20 * Math.log10(rms(output, from) / rms(input, from))) < 0.2, 'same RMS');
  assert.ok(crestOut < crestIn - 2, `crest factor ${crestIn.toFixed(2)} dB -> ${crestOut.toFixed(2)} dB`);
});

test('chunked processing equals one pass (state carries across chunks), and the input is left untouched', () => {
  const input = concatSamples([sine(180, RATE, 3_000, 0.4), sine(620, RATE, 5_000, 0.3)]);
  const copy = Float32Array.from(input);
  const whole = new PhaseRotator(RATE).process(input);
  assert.deepEqual(input, copy, 'input not modified');
  const rotator = new PhaseRotator(RATE);
  const parts = [input.subarray(0, 1), input.subarray(1, 2_500), input.subarray(2_500, 2_500), input.subarray(2_500)].map((p) => rotator.process(p));
  const chunked = concatSamples(parts);
  assert.equal(chunked.length, whole.length);
  for (let i = 0; i < whole.length; i++) assert.ok(Math.abs(chunked[i] - whole[i]) < 1e-6, `sample ${i}`);
});

test('at 8 kHz the sections near Nyquist are left out and the filter stays stable', () => {
  const input = sine(1_000, 8_000, 8_000, 0.5);
  const output = new PhaseRotator(8_000).process(input);
  assert.ok(output.every(Number.isFinite));
  assert.ok(Math.abs(20 * Math.log10(rms(output, 4_000) / rms(input, 4_000))) < 0.01);
});
