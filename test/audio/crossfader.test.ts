import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Crossfader } from '../../src/audio/crossfader.ts';
import { chunksWithOverlap, concatFloat, sine } from './helpers/signals.ts';
import { maxStep } from './helpers/analysis.ts';

function run(fader: Crossfader, chunks: ReadonlyArray<{ samples: Float32Array; overlap: number }>): Float32Array {
  return concatFloat([...chunks.map((c) => fader.push(c.samples, c.overlap)), fader.flush()]);
}

test('a sine cut into overlapping chunks comes out equal to the uncut sine (overlap above, below and at fade length)', () => {
  const rate = 24_000;
  const whole = sine(440, rate, 12_000, 0.8);
  for (const overlap of [0, 60, 240, 1000]) {
    const chunks = chunksWithOverlap(whole, rate, [1_500, 333, 2_901, 7], overlap);
    const out = run(new Crossfader(240, 'linear'), chunks);
    assert.equal(out.length, whole.length, `overlap ${overlap}: length`);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - whole[i]));
    assert.ok(worst < 1e-6, `overlap ${overlap}: differs from the uncut sine by ${worst}`);
  }
});

test('length out is the sum of (length - overlap)', () => {
  const fader = new Crossfader(100, 'equal-power');
  const chunks = [
    { samples: new Float32Array(500).fill(0.1), overlap: 0 },
    { samples: new Float32Array(300).fill(0.2), overlap: 150 },
    { samples: new Float32Array(40).fill(0.3), overlap: 30 },
    { samples: new Float32Array(10).fill(0.4), overlap: 0 },
    { samples: new Float32Array(1).fill(0.5), overlap: 1 },
  ];
  const out = run(fader, chunks);
  assert.equal(out.length, 500 + 150 + 10 + 10 + 0);
});

test('blends two different signals over the overlap with no jump bigger than the signals make themselves', () => {
  const rate = 22_050;
  const fade = 220;
  const a = sine(180, rate, 4_000, 0.7);
  const b = sine(260, rate, 4_000, 0.7, 2.1);
  // Equal-power weights add up to as much as sqrt(2) mid-fade, so correlated signals may swell by that much.
  for (const [shape, allowance] of [['linear', 1.05], ['equal-power', 1.45]] as const) {
    const out = run(new Crossfader(fade, shape), [{ samples: a, overlap: 0 }, { samples: b, overlap: 400 }]);
    assert.equal(out.length, 4_000 + 3_600);
    const join = 4_000 - fade;
    const ownStep = Math.max(maxStep(a), maxStep(b));
    const stepAtJoin = maxStep(out, join - 50, join + fade + 50);
    assert.ok(stepAtJoin <= ownStep * allowance, `${shape}: step ${stepAtJoin} at the join, signals step at most ${ownStep}`);
    // Without the fade the same join jumps: proves the measurement can fail.
    const butted = concatFloat([a, b.subarray(400)]);
    assert.ok(maxStep(butted, 3_990, 4_010) > ownStep * 2);
  }
});

test('overlap shorter than the fade blends over just those samples; overlap 0 concatenates exactly', () => {
  const fader = new Crossfader(100, 'linear');
  const first = fader.push(new Float32Array(300).fill(1), 0);
  assert.equal(first.length, 200);
  const second = fader.push(new Float32Array(50).fill(0), 10);
  const rest = fader.flush();
  const out = concatFloat([first, second, rest]);
  assert.equal(out.length, 340);
  // Samples 200..289 are untouched ones, 290..299 fade from 1 to 0, then zeros.
  assert.ok(out.subarray(200, 290).every((v) => v === 1));
  for (let i = 290; i < 300; i++) assert.ok(out[i] < out[i - 1] && out[i] > 0 && out[i] < 1);
  assert.ok(out.subarray(300).every((v) => v === 0));

  const plain = new Crossfader(100, 'linear');
  const joined = run(plain, [{ samples: new Float32Array([1, 2, 3]), overlap: 0 }, { samples: new Float32Array([4, 5]), overlap: 0 }]);
  assert.deepEqual(Array.from(joined), [1, 2, 3, 4, 5]);
});

test('property: any chunking of an overlapping sine keeps length and content', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 0, max: 800 }),
      fc.integer({ min: 0, max: 480 }),
      (lengths, overlap, fade) => {
        const whole = sine(330, 16_000, lengths.reduce((a, b) => a + b, 0), 0.9);
        const chunks = chunksWithOverlap(whole, 16_000, lengths, overlap);
        const out = run(new Crossfader(fade, 'linear'), chunks);
        assert.equal(out.length, whole.length);
        for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i] - whole[i]) < 1e-6, `sample ${i}`);
      },
    ),
    { numRuns: 60 },
  );
});
