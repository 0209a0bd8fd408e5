import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFft } from '../../../src/audio/fft.ts';
import { HIFIGAN_MEL_CONFIG, createLogMelAnalyzer, reflectIndex } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { createMelFilterbank, melToHz, hzToMel } from '../../../src/generator/neural/mel-filterbank.ts';

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

/** One frame the plain way (one FFT per frame, imaginary part zero): what the analyzer's paired FFTs must match. */
function referenceFrame(audio: Float32Array, frame: number): Float64Array {
  const { fftSize, hopSize, melBands, clampMin } = HIFIGAN_MEL_CONFIG;
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const origin = frame * hopSize - (fftSize - hopSize) / 2;
  for (let n = 0; n < fftSize; n++) re[n] = audio[reflectIndex(origin + n, audio.length)] * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / fftSize));
  createFft(fftSize)(re, im);
  return Float64Array.from(createMelFilterbank(HIFIGAN_MEL_CONFIG).slice(0, melBands), ({ firstBin, weights }) => {
    let sum = 0;
    for (let i = 0; i < weights.length; i++) sum += weights[i] * Math.sqrt(re[firstBin + i] ** 2 + im[firstBin + i] ** 2 + 1e-9);
    return Math.log(Math.max(sum, clampMin));
  });
}

test('frames analysed in pairs (one FFT for two frames) equal a plain per-frame analysis, at the edges too', () => {
  // Speech-like: a falling glide with a noise floor, and an odd frame count so the last frame has no partner.
  const audio = Float32Array.from({ length: 256 * 41 + 100 }, (_, i) => 0.4 * Math.sin(i * (0.09 - i * 2e-6)) + 0.01 * Math.sin(i * 1.7));
  const total = analyzer.frameCount(audio.length);
  assert.equal(total % 2, 1);
  const whole = analyzer.compute(audio, 0, total);
  let worst = 0;
  for (const t of [0, 1, 2, 17, total - 2, total - 1]) {
    const reference = referenceFrame(audio, t);
    for (let m = 0; m < 80; m++) worst = Math.max(worst, Math.abs(whole[m * total + t] - reference[m]));
  }
  assert.ok(worst < 1e-5, `largest difference ${worst}`); // float32 output: about 1e-7 relative
  // A range that starts on an odd frame gives the same values as the whole analysis, to the bit.
  const part = analyzer.compute(audio, 5, 8);
  for (let m = 0; m < 80; m++) for (let t = 5; t < 8; t++) assert.equal(part[m * 3 + t - 5], whole[m * total + t]);
});

test('reflect padding index mirrors without repeating the edge sample', () => {
  assert.deepEqual([-3, -2, -1, 0, 1, 4, 5, 6, 7].map((i) => reflectIndex(i, 5)), [3, 2, 1, 0, 1, 4, 3, 2, 1]);
  assert.equal(reflectIndex(-7, 3), 1); // shorter than the pad: reflects again instead of failing
  assert.equal(reflectIndex(5, 1), 0);
});
