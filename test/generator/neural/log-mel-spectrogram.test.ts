import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogMelAnalyzer, reflectIndex } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { melToHz, hzToMel } from '../../../src/generator/neural/mel-filterbank.ts';

const analyzer = createLogMelAnalyzer();
const tone = (hz: number, seconds: number, amplitude = 0.5): Float32Array =>
  Float32Array.from({ length: Math.round(22050 * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / 22050));

/** Centre frequency of mel band m of 80 between 0 and 8 kHz. */
const bandCentreHz = (m: number): number => melToHz(((m + 1) * hzToMel(8000)) / 81);

test('frame count: one frame per 256-sample hop, so the vocoder returns frames x 256 samples', () => {
  assert.equal(analyzer.frameCount(22050), 86);
  assert.equal(analyzer.frameCount(256 * 100), 100);
  assert.equal(analyzer.frameCount(256 * 100 + 255), 100);
  assert.equal(analyzer.frameCount(255), 0);
  assert.equal(analyzer.compute(tone(440, 1), 0, 86).length, 80 * 86);
});

test('a pure tone lands in the mel band centred on its frequency', () => {
  for (const hz of [300, 1000, 2500, 6000]) {
    const frames = analyzer.frameCount(22050);
    const mel = analyzer.compute(tone(hz, 1), 0, frames);
    const middle = Math.floor(frames / 2);
    let loudest = 0;
    for (let m = 1; m < 80; m++) if (mel[m * frames + middle] > mel[loudest * frames + middle]) loudest = m;
    const nearest = Array.from({ length: 80 }, (_, m) => m).reduce((best, m) =>
      Math.abs(bandCentreHz(m) - hz) < Math.abs(bandCentreHz(best) - hz) ? m : best,
    );
    assert.ok(Math.abs(loudest - nearest) <= 1, `${hz} Hz peaked in band ${loudest}, expected ~${nearest}`);
  }
});

test('level: doubling the amplitude adds ln 2 to the loud bands; silence sits at the 1e-5 floor', () => {
  const frames = analyzer.frameCount(22050);
  const quiet = analyzer.compute(tone(1000, 1, 0.25), 0, frames);
  const loud = analyzer.compute(tone(1000, 1, 0.5), 0, frames);
  const i = 30 * frames + 40;
  const band = Array.from({ length: 80 }, (_, m) => quiet[m * frames + 40]);
  const peak = band.indexOf(Math.max(...band));
  assert.ok(Math.abs(loud[peak * frames + 40] - quiet[peak * frames + 40] - Math.LN2) < 1e-3);
  assert.ok(Number.isFinite(loud[i]));
  const silent = analyzer.compute(new Float32Array(22050), 0, frames);
  assert.ok(silent.every((v) => Math.abs(v - Math.log(1e-5)) < 1e-6));
});

test('any frame range equals the same frames of a whole-signal analysis', () => {
  const audio = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 0.05) * Math.sin(i * 0.0007) * 0.6);
  const total = analyzer.frameCount(audio.length);
  const whole = analyzer.compute(audio, 0, total);
  for (const [start, end] of [[0, 3], [5, 17], [total - 4, total]]) {
    const part = analyzer.compute(audio, start, end);
    for (let m = 0; m < 80; m++) {
      for (let t = start; t < end; t++) assert.equal(part[m * (end - start) + t - start], whole[m * total + t]);
    }
  }
  assert.throws(() => analyzer.compute(audio, 0, total + 1), /outside/);
});

test('reflect padding index mirrors without repeating the edge sample', () => {
  assert.deepEqual([-3, -2, -1, 0, 1, 4, 5, 6, 7].map((i) => reflectIndex(i, 5)), [3, 2, 1, 0, 1, 4, 3, 2, 1]);
  assert.equal(reflectIndex(-7, 3), 1); // shorter than the pad: reflects again instead of failing
  assert.equal(reflectIndex(5, 1), 0);
});
