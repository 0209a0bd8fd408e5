import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepWindowSamples, planDecoderWindows, sliceFrames } from '../../../src/generator/piper/decoder-windows.ts';

const plan = { firstChunkFrames: 10, chunkFrames: 40, contextFrames: 16 };

test('windows cover every frame once: small first, then chunkFrames, context clamped at the edges', () => {
  const windows = planDecoderWindows(100, plan);
  assert.deepEqual(windows, [
    { start: 0, end: 10, contextStart: 0, contextEnd: 26 },
    { start: 10, end: 50, contextStart: 0, contextEnd: 66 },
    { start: 50, end: 90, contextStart: 34, contextEnd: 100 },
    { start: 90, end: 100, contextStart: 74, contextEnd: 100 },
  ]);
});

test('a tiny last window is folded into the one before; short input is one window; empty input none', () => {
  assert.deepEqual(
    planDecoderWindows(95, plan).map((w) => [w.start, w.end]),
    [[0, 10], [10, 50], [50, 95]],
  );
  assert.deepEqual(planDecoderWindows(7, plan), [{ start: 0, end: 7, contextStart: 0, contextEnd: 7 }]);
  assert.deepEqual(planDecoderWindows(0, plan), []);
});

test('sliceFrames copies the same frame range from every channel', () => {
  // 2 channels x 5 frames: channel c frame t = 10c + t
  const data = Float32Array.from([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
  assert.deepEqual([...sliceFrames(data, 2, 5, 1, 4)], [1, 2, 3, 11, 12, 13]);
});

test('kept samples: core only for the first window, core plus overlap (capped by left context) later', () => {
  const decoded = Float32Array.from({ length: 20 * 4 }, (_, i) => i);
  const first = keepWindowSamples(decoded, { start: 0, end: 5, contextStart: 0, contextEnd: 20 }, 4, 3);
  assert.deepEqual([first.overlap, first.samples.length, first.samples[0]], [0, 20, 0]);
  const later = keepWindowSamples(decoded, { start: 10, end: 15, contextStart: 4, contextEnd: 20 }, 4, 3);
  assert.equal(later.overlap, 3);
  assert.equal(later.samples.length, 5 * 4 + 3);
  assert.equal(later.samples[3], (10 - 4) * 4);
  const noContext = keepWindowSamples(decoded, { start: 10, end: 15, contextStart: 10, contextEnd: 15 }, 4, 3);
  assert.equal(noContext.overlap, 0);
});
