import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SilenceTrimmer } from '../../src/audio/silence-trimmer.ts';
import type { SilenceTrimSettings } from '../../src/audio/silence-trimmer.ts';
import { concatFloat, sine } from './helpers/signals.ts';

const rate = 16_000;
const settings: SilenceTrimSettings = { threshold: 0.01, leadPadSeconds: 0.02, trailPadSeconds: 0.05, maxHoldSeconds: 0.5 };
const silence = (seconds: number, level = 0.001): Float32Array => {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = i % 2 === 0 ? level : -level;
  return out;
};
const tone = (seconds: number): Float32Array => sine(440, rate, Math.round(rate * seconds), 0.3, 0.3);

function trimInPieces(x: Float32Array, pieceLengths: readonly number[], s: SilenceTrimSettings = settings): { out: Float32Array; trimmer: SilenceTrimmer; maxHeld: number } {
  const trimmer = new SilenceTrimmer(rate, s);
  const parts: Float32Array[] = [];
  let maxHeld = 0;
  for (let start = 0, k = 0; start < x.length; k++) {
    const end = Math.min(x.length, start + Math.max(1, pieceLengths[k % pieceLengths.length]));
    parts.push(trimmer.process(x.subarray(start, end)));
    maxHeld = Math.max(maxHeld, trimmer.heldSamples);
    start = end;
  }
  parts.push(trimmer.finish());
  return { out: concatFloat(parts), trimmer, maxHeld };
}

test('leading silence shrinks to the 20 ms pad, trailing to 50 ms, the pause in between is kept sample for sample', () => {
  const speech1 = tone(0.5);
  const pause = silence(0.3);
  const speech2 = tone(0.4);
  const x = concatFloat([silence(0.25), speech1, pause, speech2, silence(0.3)]);
  const { out, trimmer } = trimInPieces(x, [1_000, 37, 5_000]);
  const lead = Math.round(0.02 * rate);
  const trail = Math.round(0.05 * rate);
  assert.equal(out.length, lead + speech1.length + pause.length + speech2.length + trail);
  // Speech and the pause come through untouched.
  const middle = concatFloat([speech1, pause, speech2]);
  assert.deepEqual(out.subarray(lead, lead + middle.length), middle);
  assert.equal(trimmer.leadPadSamples, lead);
  assert.equal(trimmer.leadingDroppedSamples, Math.round(0.25 * rate) - lead);
  assert.equal(trimmer.trailingDroppedSamples, Math.round(0.3 * rate) - trail);
  // The cut pads are faded, so they start and end at zero rather than on a step.
  assert.ok(Math.abs(out[0]) < 0.001 / 10 && Math.abs(out[out.length - 1]) < 0.001 / 10);
});

test('held memory stays bounded: a long pause is let out as it comes, and only 0.5 s of the final silence can go', () => {
  const x = concatFloat([tone(0.2), silence(3), tone(0.2), silence(2)]);
  const { out, maxHeld, trimmer } = trimInPieces(x, [1_600]);
  assert.ok(maxHeld <= 0.5 * rate, `held ${maxHeld} samples`);
  // The 3 s pause is inside the message: all of it stays.
  assert.ok(out.length >= Math.round(3.4 * rate));
  // Of the 2 s at the end, only what the hold could see (0.5 s, less the 50 ms pad) is dropped.
  assert.equal(trimmer.trailingDroppedSamples, Math.round(0.45 * rate));
});

test('all silence gives nothing; no silence gives the input unchanged', () => {
  assert.equal(trimInPieces(silence(1), [3_000]).out.length, 0);
  const speech = tone(0.3);
  const kept = trimInPieces(speech, [100]).out;
  // A sine from phase 0.3 is above the threshold from its first sample to its last but a few zero crossings.
  assert.ok(kept.length >= speech.length - 2 && kept.length <= speech.length);
  assert.deepEqual(kept.subarray(0, 100), speech.subarray(0, 100));
});

test('property: whatever the piece sizes, the output is the same', () => {
  const x = concatFloat([silence(0.11), tone(0.13), silence(0.07), tone(0.05), silence(0.2)]);
  const reference = trimInPieces(x, [x.length]).out;
  fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 8 }), (lengths) => {
    const { out } = trimInPieces(x, lengths);
    assert.deepEqual(out, reference);
  }), { numRuns: 60 });
});
