/**
 * The "variation" knob (SpeechRequest.variation, src/limits VARIATION) on Piper's real medium graph with random
 * weights (../shared/models/piper-random-medium): it scales noise_scale and noise_w, so at 0 a phrase comes out the
 * same every time and at 1 two renders differ. Judged through the worker pool as the bot runs it, so the request field
 * crosses the worker boundary and the pool's phrase cache is in the path (a short phrase of a repeatable voice would
 * be served from it: a sampling voice must never be).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSpeechGenerator, type PooledSpeechGenerator } from '../../../src/generator/create-speech-generator.ts';
import { piperScales } from '../../../src/generator/piper/piper-parameters.ts';
import { SpeechError, type SpeechRequest } from '../../../src/generator/speech-request.ts';
import { VARIATION } from '../../../src/limits/speech-limits.ts';
import { concatSamples } from '../../../src/audio/concat-samples.ts';
import { joinDroppingOverlap, peak } from './audio-checks.ts';
import { sharedModel, skipUnless } from '../../helpers/test-requirements.ts';

const SHARED = new URL('../../../../shared/models/piper-random-medium/', import.meta.url).pathname;
const SOURCE = 'en_US-random-medium';
const VOICE = 'piper:en_US-random-medium';
const skip = skipUnless(sharedModel('piper-random-medium'));

const config = { noiseScale: 0.667, lengthScale: 1, noiseW: 0.8 };

test('variation scales both of the voice\'s trained noise values; explicit noise values still win', () => {
  assert.deepEqual(piperScales(config, {}), [0.667, 1, 0.8], 'absent: the voice as trained');
  assert.deepEqual(piperScales(config, { variation: 1 }), [0.667, 1, 0.8]);
  assert.deepEqual(piperScales(config, { variation: 0 }), [0, 1, 0], 'flat: no sampling at all');
  const [scale, , width] = piperScales(config, { variation: 0.5, speed: 2 });
  assert.ok(Math.abs(scale - 0.3335) < 1e-9 && Math.abs(width - 0.4) < 1e-9, `${scale} ${width}`);
  assert.deepEqual(piperScales(config, { variation: 0, noiseScale: 0.5 }), [0.5, 1, 0]);
  const [most, , mostWidth] = piperScales(config, { variation: VARIATION.max });
  assert.ok(most <= 1.5 && mostWidth <= 1.5 && most > 0.667, 'the maximum stays inside Piper\'s noise range');
  // A voice trained with unusually high noise is held at the top of the range instead of refused.
  assert.deepEqual(piperScales({ noiseScale: 1.2, lengthScale: 1, noiseW: 1.2 }, { variation: VARIATION.max }), [1.5, 1, 1.5]);
});

test('variation outside 0..max is refused with a sentence a user can act on', () => {
  for (const variation of [-0.1, VARIATION.max + 0.01, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(
      () => piperScales(config, { variation }),
      (error: unknown) => error instanceof SpeechError && error.code === 'invalid-parameter' && /^Variation must be between 0 and 1\.5/.test(error.message),
      String(variation),
    );
  }
});

let modelsDir: string;
let generator: PooledSpeechGenerator;

before(async () => {
  if (skip) return;
  modelsDir = await mkdtemp(join(tmpdir(), 'piper-variation-'));
  const dir = join(modelsDir, 'voices', 'piper', SOURCE);
  await mkdir(dir, { recursive: true });
  for (const suffix of ['.onnx', '.onnx.json', '.encoder.onnx', '.decoder.onnx']) {
    await symlink(join(SHARED, `${SOURCE}${suffix}`), join(dir, `${SOURCE}${suffix}`));
  }
  generator = await createSpeechGenerator({ workers: 1, modelsDir, log: () => {} });
});

after(async () => {
  if (skip) return;
  await generator.close();
  await rm(modelsDir, { recursive: true, force: true });
});

async function render(extra: Partial<SpeechRequest>): Promise<Float32Array> {
  const chunks = [];
  for await (const chunk of generator.stream({ text: 'Hello there.', voice: VOICE, ...extra })) chunks.push(chunk);
  return chunks.every((c) => c.overlap === 0) ? concatSamples(chunks.map((c) => c.samples)) : joinDroppingOverlap(chunks);
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** Level of the difference between two renders, relative to the first one's level (0 = the same audio). */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  const length = Math.max(a.length, b.length);
  const difference = new Float32Array(length);
  for (let i = 0; i < length; i++) difference[i] = (a[i] ?? 0) - (b[i] ?? 0);
  return rms(difference) / rms(a);
}

test('at variation 0 a phrase renders the same every time, at 1 two renders differ, past the maximum it is refused', { skip }, async (t) => {
  const flat = [await render({ variation: 0 }), await render({ variation: 0 })];
  assert.ok(peak(flat[0]) > 1e-4, 'audio, not silence');
  assert.equal(flat[0].length, flat[1].length);
  assert.deepEqual(flat[0], flat[1], 'variation 0: identical samples');

  const trained = [await render({ variation: 1 }), await render({ variation: 1 })];
  const apart = relativeDifference(trained[0], trained[1]);
  // Sampling noise of the trained size changes the waveform throughout (and usually the phoneme durations): not a
  // rounding difference.
  assert.ok(apart > 0.2, `two renders at variation 1 differ by ${apart.toFixed(3)} of their level`);
  assert.ok(relativeDifference(flat[0], trained[0]) > 0.2, 'variation 1 is not the flat render');

  // Absent is the voice as trained, i.e. sampled too (the default is 1, not 0).
  const absent = [await render({}), await render({})];
  assert.ok(relativeDifference(absent[0], absent[1]) > 0.2);
  t.diagnostic(`measured: renders at variation 1 differ by ${apart.toFixed(3)}, absent by ${relativeDifference(absent[0], absent[1]).toFixed(3)} of their level`);

  const most = await render({ variation: VARIATION.max });
  assert.ok(peak(most) > 1e-4 && peak(most) < 1 && most.every(Number.isFinite), 'the maximum still makes bounded audio');
  await assert.rejects(
    render({ variation: VARIATION.max + 0.5 }),
    (error: unknown) => error instanceof SpeechError && error.code === 'invalid-parameter' && /Variation must be between/.test(error.message),
  );
});
