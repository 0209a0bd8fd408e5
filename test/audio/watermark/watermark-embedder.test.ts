import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WatermarkEmbedder } from '../../../src/audio/watermark/watermark-embedder.ts';
import { detectWatermark } from '../../../src/audio/watermark/watermark-detector.ts';
import { seededRandom } from './opus-round-trip.ts';

/** Speech-like test host: noise bursts (syllables) with pauses, at a speech level. */
function host(seconds: number): Float32Array {
  const random = seededRandom(11);
  let low = 0;
  return Float32Array.from({ length: seconds * 48_000 }, (_, n) => {
    low = 0.9 * low + (random() - 0.5);
    const syllable = Math.sin((Math.PI * (n % 9_600)) / 9_600) ** 2 * (Math.floor(n / 9_600) % 5 === 4 ? 0 : 1);
    return 0.05 * low * syllable;
  });
}

test('streaming: any chunking gives exactly the one-shot result, the same length (no added latency)', () => {
  const source = host(4);
  const whole = source.slice();
  new WatermarkEmbedder(0x123).process(whole);
  const random = seededRandom(12);
  const chunked = source.slice();
  const embedder = new WatermarkEmbedder(0x123);
  for (let at = 0; at < chunked.length;) {
    const size = 1 + Math.floor(random() * 3_000);
    embedder.process(chunked.subarray(at, at + size));
    at += size;
  }
  assert.equal(chunked.length, whole.length);
  assert.ok(chunked.every((v, n) => v === whole[n]), 'chunked and one-shot differ');
  assert.ok(whole.some((v, n) => v !== source[n]), 'the mark was added');
});

test('the mark follows the speech: about -26 dB under it in pre-emphasised level, nothing at all in digital silence', () => {
  const source = host(3);
  const silence = new Float32Array(48_000);
  const audio = new Float32Array(source.length + silence.length);
  audio.set(source);
  const marked = audio.slice();
  new WatermarkEmbedder(0x123).process(marked);
  let speech = 0;
  let mark = 0;
  for (let n = 1; n < source.length; n++) {
    const p = audio[n] - 0.95 * audio[n - 1];
    const d = (marked[n] - audio[n]) - 0.95 * (marked[n - 1] - audio[n - 1]);
    speech += p * p;
    mark += d * d;
  }
  const relativeDb = 10 * Math.log10(mark / speech);
  assert.ok(relativeDb > -29 && relativeDb < -23, `mark ${relativeDb.toFixed(1)} dB against the speech`);
  // After the level follower has let go (~10 ms time constant) the silence is exactly zero again.
  assert.ok(marked.subarray(source.length + 4_800).every((v) => v === 0), 'digital silence stays silent');
  // Largest sample-to-sample step the mark adds is tiny: no clicks at block edges or chunk joins.
  let step = 0;
  for (let n = 1; n < marked.length; n++) step = Math.max(step, Math.abs((marked[n] - audio[n]) - (marked[n - 1] - audio[n - 1])));
  assert.ok(step < 0.01, `largest step of the mark ${step}`);
  assert.ok(detectWatermark(marked).watermarked);
});
