import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogMelAnalyzer } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import type { LogMelAnalyzer } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { MelFrameCache } from '../../../src/generator/neural/mel-frame-cache.ts';

const audio = Float32Array.from({ length: 256 * 300 }, (_, i) => 0.5 * Math.sin(i * 0.031) * Math.sin(i * 0.0011) + 0.02 * Math.sin(i * 2.3));

/** Counts the frames the analyzer is asked for. */
function countingAnalyzer(): { analyzer: LogMelAnalyzer; analysed: () => number } {
  const inner = createLogMelAnalyzer();
  let analysed = 0;
  const analyzer: LogMelAnalyzer = {
    config: inner.config,
    frameCount: (length) => inner.frameCount(length),
    compute: (samples, start, end) => {
      analysed += end - start;
      return inner.compute(samples, start, end);
    },
  };
  return { analyzer, analysed: () => analysed };
}

test('overlapping chunk ranges: every frame analysed once, each range equal to a direct analysis', () => {
  const direct = createLogMelAnalyzer();
  const { analyzer, analysed } = countingAnalyzer();
  const cache = new MelFrameCache(analyzer);
  // The engine's shape: 24-frame first chunk, then cores of 40, 80, 128 with 16 frames of context on each side.
  const ranges: [number, number][] = [[0, 40], [8, 80], [48, 160], [128, 272], [256, 296]];
  for (const [start, end] of ranges) {
    const mel = cache.frames(audio, start, end);
    assert.deepEqual(mel, direct.compute(audio, start, end), `frames [${start}, ${end})`);
  }
  assert.equal(analysed(), 296);
});

test('a range that does not continue the last one is analysed whole', () => {
  const { analyzer, analysed } = countingAnalyzer();
  const cache = new MelFrameCache(analyzer);
  cache.frames(audio, 100, 140);
  assert.deepEqual(cache.frames(audio, 10, 30), createLogMelAnalyzer().compute(audio, 10, 30)); // before it
  cache.frames(audio, 200, 220); // after it, no overlap
  assert.equal(analysed(), 40 + 20 + 20);
  cache.frames(audio, 205, 215); // inside the last range: nothing new
  assert.equal(analysed(), 80);
});
