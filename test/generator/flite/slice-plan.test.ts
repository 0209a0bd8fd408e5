import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sliceRanges } from '../../../src/generator/flite/slice-plan.ts';
import { durationStretchForSpeed } from '../../../src/generator/flite/speed.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';

test('slices: first piece small, later pieces full, remainder last', () => {
  assert.deepEqual(sliceRanges(10, 2, 4), [{ start: 0, end: 2 }, { start: 2, end: 6 }, { start: 6, end: 10 }]);
  assert.deepEqual(sliceRanges(1, 5, 5), [{ start: 0, end: 1 }]);
  assert.deepEqual(sliceRanges(0, 5, 5), []);
});

test('property: ranges tile [0, length) in order without gaps', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 900, noNaN: true }), fc.double({ min: 0, max: 900, noNaN: true }), (length, first, size) => {
      let at = 0;
      for (const range of sliceRanges(length, first, size)) {
        assert.equal(range.start, at);
        assert.ok(range.end > range.start);
        at = range.end;
      }
      assert.equal(at, length);
    }),
  );
});

test('speed -> duration stretch, and friendly errors outside 0.5..2.5', () => {
  assert.equal(durationStretchForSpeed(undefined), 1);
  assert.equal(durationStretchForSpeed(2), 0.5);
  assert.equal(durationStretchForSpeed(0.5), 2);
  assert.equal(durationStretchForSpeed(2.5), 0.4);
  for (const bad of [0.49, 2.51, 0, -1, Number.NaN, Infinity, '1' as unknown as number]) {
    assert.throws(() => durationStretchForSpeed(bad), (error: unknown) => error instanceof SpeechError && error.code === 'invalid-parameter');
  }
});
