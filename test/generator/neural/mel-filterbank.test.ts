import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMelFilterbank, hzToMel, melToHz } from '../../../src/generator/neural/mel-filterbank.ts';

const config = { sampleRate: 22050, fftSize: 1024, melBands: 80, fMin: 0, fMax: 8000 };
const binHz = config.sampleRate / config.fftSize;

test('Slaney mel scale: linear below 1 kHz (15 mel at 1 kHz), logarithmic above, and invertible', () => {
  assert.equal(hzToMel(0), 0);
  assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-12);
  assert.ok(Math.abs(hzToMel(500) - 7.5) < 1e-12);
  // 27 mel per factor 6.4 above 1 kHz
  assert.ok(Math.abs(hzToMel(6400) - 42) < 1e-9);
  for (const hz of [0, 50, 999, 1000, 1001, 4321, 8000, 11025]) assert.ok(Math.abs(melToHz(hzToMel(hz)) - hz) < 1e-6);
});

test('80 bands, each a single triangle, centres rising from 0 to 8 kHz', () => {
  const bands = createMelFilterbank(config);
  assert.equal(bands.length, 80);
  let previousPeak = -1;
  for (const [m, band] of bands.entries()) {
    assert.ok(band.weights.length > 0, `band ${m} is empty`);
    const peak = band.firstBin + band.weights.indexOf(Math.max(...band.weights));
    assert.ok(peak >= previousPeak, `band ${m} peaks below band ${m - 1}`);
    previousPeak = peak;
    assert.ok((band.firstBin + band.weights.length - 1) * binHz <= 8000, `band ${m} reaches above fmax`);
    assert.ok(band.weights.every((w) => w >= 0));
  }
  assert.ok(bands[79].firstBin * binHz > 7000, 'top band should sit just under 8 kHz');
});

test('Slaney normalisation: wide bands have unit area in Hz (weights x bin width sum to ~1)', () => {
  const bands = createMelFilterbank(config);
  // Bands spanning many bins are well sampled; the narrow low ones are only a few bins wide.
  for (const band of bands.slice(40)) {
    const area = band.weights.reduce((sum, w) => sum + w, 0) * binHz;
    assert.ok(Math.abs(area - 1) < 0.05, `area ${area}`);
  }
});
