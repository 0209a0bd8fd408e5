import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planChunkCores } from '../../src/generator/chunk-cores.ts';
import { RECOMMENDED_NEURAL_CHUNK_PLAN } from '../../src/generator/neural/index.ts';
import { RECOMMENDED_PIPER_CHUNK_PLAN } from '../../src/generator/piper/index.ts';

const sizes = (cores: Array<[number, number]>): number[] => cores.map(([start, end]) => end - start);

test('without growth: a small first chunk, then chunkFrames, a sliver of a tail joins the chunk before it', () => {
  assert.deepEqual(sizes(planChunkCores(100, { firstChunkFrames: 12, chunkFrames: 40 })), [12, 40, 48]);
  assert.deepEqual(sizes(planChunkCores(100, { firstChunkFrames: 12, chunkFrames: 30 })), [12, 30, 30, 28]);
  // Never folded into the first chunk, which must stay small.
  assert.deepEqual(sizes(planChunkCores(14, { firstChunkFrames: 12, chunkFrames: 40 })), [12, 2]);
  assert.deepEqual(planChunkCores(0, { firstChunkFrames: 12, chunkFrames: 40 }), []);
});

test('with growth 2 the chunks double from the first one up to chunkFrames', () => {
  assert.deepEqual(sizes(planChunkCores(700, { firstChunkFrames: 12, chunkFrames: 128, growth: 2 })), [12, 24, 48, 96, 128, 128, 128, 136]);
  assert.deepEqual(sizes(planChunkCores(30, { firstChunkFrames: 12, chunkFrames: 128, growth: 2 })), [12, 18]);
  // A growth that is not above 1 means no ramp rather than chunks that never grow.
  assert.deepEqual(sizes(planChunkCores(100, { firstChunkFrames: 12, chunkFrames: 40, growth: 1 })), [12, 40, 48]);
  assert.deepEqual(sizes(planChunkCores(100, { firstChunkFrames: 12, chunkFrames: 40, growth: Number.NaN })), [12, 40, 48]);
});

test('the engines recommend a small first chunk and a ramp', () => {
  for (const plan of [RECOMMENDED_NEURAL_CHUNK_PLAN, RECOMMENDED_PIPER_CHUNK_PLAN]) {
    // Small enough to start at once; the neural voice's 24 frames (0.28 s, all speech since its opening pause is not
    // vocoded) leave room for a second stream's first call (~0.1 s on one worker) before its own second chunk is due.
    assert.ok(plan.firstChunkFrames * 256 <= 0.3 * 22050, 'first chunk at most 0.3 s');
    assert.equal(plan.growth, 2);
    assert.ok(plan.chunkFrames >= 128);
  }
});

test('property: cores tile [0, total) in order, the first is small, and no chunk outgrows the one before by more than the ramp', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 512 }),
      fc.option(fc.double({ min: 1.01, max: 4, noNaN: true }), { nil: undefined }),
      (total, first, chunkFrames, growth) => {
        const cores = planChunkCores(total, { firstChunkFrames: first, chunkFrames, growth });
        let at = 0;
        for (const [start, end] of cores) {
          assert.equal(start, at);
          assert.ok(end > start);
          at = end;
        }
        assert.equal(at, total);
        if (total > 0) assert.equal(cores[0][1], Math.min(first, total));
        const lengths = sizes(cores);
        for (let k = 1; k < lengths.length - 1; k++) {
          const bound = growth === undefined ? chunkFrames : Math.max(lengths[k - 1] + 1, Math.round(lengths[k - 1] * growth));
          assert.ok(lengths[k] <= Math.min(chunkFrames, bound), `chunk ${k}: ${lengths.join(',')}`);
        }
        // The last one may have taken in a sliver (under a quarter of a chunk).
        if (lengths.length > 2) assert.ok(lengths[lengths.length - 1] < 1.25 * chunkFrames + 1);
      },
    ),
  );
});
