import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectWatermark } from '../../../src/audio/watermark/watermark-detector.ts';
import { WatermarkEmbedder } from '../../../src/audio/watermark/watermark-embedder.ts';
import { seededRandom } from './opus-round-trip.ts';

function noise(seconds: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  let brown = 0;
  return Float32Array.from({ length: seconds * 48_000 }, () => (brown = 0.95 * brown + 0.05 * (random() - 0.5)));
}

test('longer audio is searched in more windows, so it must score higher: the false-alarm chance per file stays put', () => {
  const short = detectWatermark(noise(3, 1));
  assert.equal(short.threshold, 6.5);
  const long = detectWatermark(noise(30, 2));
  // 30 s = 10 windows of 5.5 s, 2.7 s apart: 6.5 + 0.25 ln 10.
  assert.ok(Math.abs(long.threshold - 7.08) < 0.01, `threshold ${long.threshold}`);
  assert.ok(!long.watermarked && !short.watermarked);
});

test('a marked stretch inside a long unmarked recording is found, with where it is', () => {
  const recording = noise(30, 3).map((v) => v * 0.1);
  const speechLike = noise(4, 4).map((v, n) => v * (1 + Math.sin(n / 900)));
  new WatermarkEmbedder(0x321).process(speechLike);
  const at = 20 * 48_000;
  recording.set(speechLike, at);
  const found = detectWatermark(recording);
  assert.ok(found.watermarked, `score ${found.score.toFixed(1)} of ${found.threshold.toFixed(2)}`);
  assert.equal(found.payload, 0x321);
  assert.ok(found.atSeconds > 14 && found.atSeconds <= 20, `strongest window at ${found.atSeconds} s`);
  const inverted = detectWatermark(recording.map((v) => -v * 0.3));
  assert.ok(inverted.watermarked, `polarity and level do not matter: score ${inverted.score.toFixed(1)}`);
  assert.equal(inverted.payload, 0x321);
});
