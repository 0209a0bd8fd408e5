import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFft } from '../../src/audio/fft.ts';

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * k * t) / n;
      outRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
      outIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
    }
  }
  return [outRe, outIm];
}

test('FFT matches a direct DFT on random complex input', () => {
  for (const size of [2, 8, 64, 256]) {
    const re = Float64Array.from({ length: size }, (_, i) => Math.sin(i * 1.7) + ((i * 7919) % 13) / 13);
    const im = Float64Array.from({ length: size }, (_, i) => Math.cos(i * 0.3) - ((i * 104729) % 11) / 11);
    const [expectRe, expectIm] = naiveDft(re, im);
    createFft(size)(re, im);
    for (let k = 0; k < size; k++) {
      assert.ok(Math.abs(re[k] - expectRe[k]) < 1e-9 * size, `re[${k}] size ${size}`);
      assert.ok(Math.abs(im[k] - expectIm[k]) < 1e-9 * size, `im[${k}] size ${size}`);
    }
  }
});

test('FFT of a cosine on bin 5 puts n/2 in bins 5 and n-5 only', () => {
  const n = 1024;
  const re = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 5 * t) / n));
  const im = new Float64Array(n);
  createFft(n)(re, im);
  for (let k = 0; k < n; k++) {
    const magnitude = Math.hypot(re[k], im[k]);
    assert.ok(Math.abs(magnitude - (k === 5 || k === n - 5 ? n / 2 : 0)) < 1e-6, `bin ${k}: ${magnitude}`);
  }
});

test('FFT rejects sizes that are not powers of two and mismatched buffers', () => {
  assert.throws(() => createFft(1000), /power of two/);
  assert.throws(() => createFft(8)(new Float64Array(4), new Float64Array(4)), /expects 8/);
});
