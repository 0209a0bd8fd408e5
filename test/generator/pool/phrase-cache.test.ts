import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { PhraseCache, phraseKey } from '../../../src/generator/pool/phrase-cache.ts';

const chunk = (seconds: number, value = 0.25, rate = 1000): AudioChunk => ({
  samples: new Float32Array(Math.round(seconds * rate)).fill(value),
  sampleRate: rate,
  overlap: 0,
});

test('a phrase is found again by voice, parameters and exact text, and handed out as copies', () => {
  const cache = new PhraseCache({ maxPhraseSeconds: 4, maxBytes: 1_000_000 });
  const key = phraseKey('neural:slt', { text: 'gg', voice: 'neural:slt' });
  cache.put(key, [chunk(0.5), chunk(0.5, 0.5)]);
  assert.equal(cache.get(phraseKey('neural:slt', { text: 'gg', voice: 'neural:slt', speed: 1.2 })), undefined);
  assert.equal(cache.get(phraseKey('neural:rms', { text: 'gg', voice: 'neural:rms' })), undefined);
  assert.equal(cache.get(phraseKey('neural:slt', { text: 'GG', voice: 'neural:slt' })), undefined);
  const first = cache.get(key);
  assert.ok(first);
  assert.deepEqual(first.map((c) => c.samples[0]), [0.25, 0.5]);
  first[0].samples.fill(9);
  assert.equal(cache.get(key)?.[0].samples[0], 0.25, 'a caller changing (or transferring) its copy leaves the cache intact');
  assert.equal(cache.hits, 2);
  assert.equal(cache.misses, 3);
});

test('long utterances are not kept, and memory stays within bounds by dropping the least recently used', () => {
  const cache = new PhraseCache({ maxPhraseSeconds: 1, maxBytes: 3 * 4 * 1000 });
  cache.put('long', [chunk(0.8), chunk(0.8)]);
  assert.equal(cache.get('long'), undefined);
  cache.put('a', [chunk(1)]);
  cache.put('b', [chunk(1)]);
  cache.put('c', [chunk(1)]);
  assert.ok(cache.get('a'), 'a is now the most recently used');
  cache.put('d', [chunk(1)]);
  assert.equal(cache.get('b'), undefined, 'b was the least recently used');
  assert.ok(cache.get('a') && cache.get('c') && cache.get('d'));
  assert.ok(cache.bytes <= 3 * 4 * 1000);
});
