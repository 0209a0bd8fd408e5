import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPolyphaseResampler } from '../../../src/generator/neural/polyphase-resampler.ts';
import { rms } from '../../audio/helpers/analysis.ts';

const sine = (hz: number, rate: number, seconds: number): Float32Array =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

test('16 kHz -> 22.05 kHz keeps in-band tones: same frequency and level, aligned in time', () => {
  const resampler = createPolyphaseResampler(16000, 22050);
  for (const hz of [220, 1000, 3000, 6500]) {
    const out = resampler.resample(sine(hz, 16000, 0.5));
    assert.equal(out.length, 11025);
    const ideal = sine(hz, 22050, 0.5);
    let err = 0;
    for (let i = 500; i < out.length - 500; i++) err = Math.max(err, Math.abs(out[i] - ideal[i]));
    assert.ok(err < 0.01, `${hz} Hz: max deviation from the ideal sine ${err}`);
  }
});

test('downsampling removes content above the new Nyquist instead of aliasing it', () => {
  const down = createPolyphaseResampler(22050, 16000);
  const out = down.resample(sine(9500, 22050, 0.5)); // above 8 kHz: must vanish
  assert.ok(rms(out, 200, out.length - 200) < 0.005, `leak ${rms(out, 200, out.length - 200)}`);
  const kept = down.resample(sine(3000, 22050, 0.5));
  assert.ok(Math.abs(rms(kept, 200, kept.length - 200) - 0.5 / Math.SQRT2) < 0.01);
});

test('rendering a range equals the same range of a whole-signal run (streaming is exact)', () => {
  const resampler = createPolyphaseResampler(16000, 22050);
  const input = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i * 0.1) * Math.cos(i * 0.013));
  const whole = resampler.resample(input);
  const pieces = new Float32Array(whole.length);
  for (const [a, b] of [[0, 1], [1, 777], [777, 3000], [3000, whole.length + 50]]) resampler.render(input, a, b, pieces);
  assert.deepEqual(pieces, whole);
});

test('rejects non-integer rates', () => {
  assert.throws(() => createPolyphaseResampler(16000.5, 22050), /positive integers/);
});
