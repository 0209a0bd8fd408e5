import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planMelChunks } from '../../../../src/generator/neural/chunk-plan/mel-chunker.ts';

const base = { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, samplesPerFrame: 256, overlapSeconds: 0, overlapSamples: 220 };

test('small first chunk, then full chunks, with 16 frames of context clipped at the edges', () => {
  const chunks = planMelChunks({ ...base, totalFrames: 200 });
  assert.deepEqual(chunks.map((c) => [c.coreStart, c.coreEnd]), [[0, 12], [12, 76], [76, 140], [140, 200]]);
  assert.deepEqual(chunks.map((c) => [c.contextStart, c.contextEnd]), [[0, 28], [0, 92], [60, 156], [124, 200]]);
  assert.deepEqual(chunks.map((c) => c.overlap), [0, 220, 220, 220]);
  // chunk 1 emits from its core start; chunk 0 carried 220 samples of its right context
  assert.equal(chunks[0].emitEnd, 12 * 256 + 220);
  assert.equal(chunks[1].emitStart, 12 * 256);
  assert.equal(chunks[3].emitEnd, (200 - 124) * 256, 'the last chunk has nothing after it to overlap');
});

test('a sliver of a last chunk joins the previous later chunk, never the first', () => {
  assert.deepEqual(planMelChunks({ ...base, totalFrames: 12 + 64 + 5 }).map((c) => [c.coreStart, c.coreEnd]), [[0, 12], [12, 81]]);
  assert.deepEqual(planMelChunks({ ...base, totalFrames: 14 }).map((c) => [c.coreStart, c.coreEnd]), [[0, 12], [12, 14]]);
  assert.deepEqual(planMelChunks({ ...base, totalFrames: 0 }), []);
});

test('overlap is shortened when the next chunk is shorter than the crossfade', () => {
  const chunks = planMelChunks({ ...base, firstChunkFrames: 1, chunkFrames: 1, contextFrames: 2, totalFrames: 3, overlapSamples: 1000 });
  assert.deepEqual(chunks.map((c) => c.overlap), [0, 256, 256]);
});

test('property: emitted audio minus overlaps tiles the sentence exactly, and context never leaves it', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 700 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 120 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 2000 }),
      (totalFrames, firstChunkFrames, chunkFrames, contextFrames, overlapSamples) => {
        const chunks = planMelChunks({ ...base, totalFrames, firstChunkFrames, chunkFrames, contextFrames, overlapSamples });
        let frame = 0;
        let previousTail = 0;
        let emitted = 0;
        for (const [k, c] of chunks.entries()) {
          assert.equal(c.coreStart, frame);
          assert.ok(c.coreEnd > c.coreStart);
          assert.equal(c.contextStart, Math.max(0, c.coreStart - contextFrames));
          assert.equal(c.contextEnd, Math.min(totalFrames, c.coreEnd + contextFrames));
          assert.equal(c.overlap, previousTail);
          assert.equal(c.emitStart, (c.coreStart - c.contextStart) * 256);
          assert.ok(c.emitEnd <= (c.contextEnd - c.contextStart) * 256);
          if (k === 0) assert.ok(c.coreEnd - c.coreStart <= Math.max(firstChunkFrames, 1));
          previousTail = c.emitEnd - (c.coreEnd - c.contextStart) * 256;
          assert.ok(previousTail >= 0 && previousTail <= overlapSamples);
          emitted += c.emitEnd - c.emitStart - c.overlap;
          frame = c.coreEnd;
        }
        assert.equal(frame, totalFrames);
        assert.equal(previousTail, 0, 'the last chunk must not hang over the end');
        assert.equal(emitted, totalFrames * 256);
      },
    ),
  );
});
