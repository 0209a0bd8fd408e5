import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fliteCanHold } from '../../../src/generator/flite/flite-instance.ts';
import { finishHeldSentences, FLITE_SAMPLE_RATE, FLITE_VOICES, heldFliteSentences, runFlite, startFlite } from '../../../src/generator/flite/flite-wasi.ts';

const sentence = 'The quick brown fox jumps over the lazy dog while the band plays a slow song in the park.';

test('Node here can hold flite mid-sentence (JSPI)', () => {
  assert.equal(fliteCanHold, true, 'WebAssembly.Suspending and WebAssembly.promising exist in Node 24');
});

test('streamed audio is the WAV audio, sample for sample, for every voice', async () => {
  for (const voice of FLITE_VOICES) {
    const whole = await runFlite(sentence, { voice, durationStretch: 1.2 });
    assert.equal(whole.sampleRate, FLITE_SAMPLE_RATE);
    const start = await startFlite(sentence, { voice, durationStretch: 1.2 }, () => false);
    assert.equal(start.complete, true, `${voice}: never held, so complete`);
    assert.deepEqual(start.samples, whole.samples, `${voice}: same samples`);
    const finished = await start.finish();
    assert.deepEqual(finished.samples, whole.samples);
    assert.equal(finished.sampleRate, FLITE_SAMPLE_RATE);
  }
});

test('a held sentence stops where it was asked to, goes on when finished, and another run on the thread frees it', async () => {
  const whole = await runFlite(sentence, { voice: 'slt' });
  const held = await startFlite(sentence, { voice: 'slt' }, (samples) => samples.length >= 8000);
  assert.equal(held.complete, false);
  assert.ok(held.samples.length >= 8000 && held.samples.length < 8000 + 1000, `held at ${held.samples.length} samples`);
  assert.ok(held.samples.length < whole.samples.length / 4, 'most of the sentence is not made yet');
  assert.deepEqual(held.samples, whole.samples.subarray(0, held.samples.length), 'the start of the same audio');

  // Another sentence on the same thread: the held one runs to its end first, then this one.
  const other = await runFlite('Yes, this one too.', { voice: 'slt' });
  const alone = await runFlite('Yes, this one too.', { voice: 'slt' });
  assert.deepEqual(other.samples, alone.samples, 'the second run is not disturbed by the first');

  const finished = await held.finish();
  assert.deepEqual(finished.samples, whole.samples, 'the held sentence is whole');

  // And a held sentence finished straight away is whole too.
  const again = await startFlite(sentence, { voice: 'slt' }, (samples) => samples.length >= 4000);
  assert.equal(again.complete, false);
  assert.deepEqual((await again.finish()).samples, whole.samples);
});

test('two held sentences on one thread: the second frees the first, both end whole', async () => {
  const a = 'First of all, this is one sentence.';
  const b = 'And here is another one, a little longer than the first.';
  const [wholeA, wholeB] = [await runFlite(a, { voice: 'rms' }), await runFlite(b, { voice: 'rms' })];
  const heldA = await startFlite(a, { voice: 'rms' }, (s) => s.length >= 3000);
  const heldB = await startFlite(b, { voice: 'rms' }, (s) => s.length >= 3000);
  assert.equal(heldB.complete, false);
  assert.deepEqual((await heldA.finish()).samples, wholeA.samples);
  assert.deepEqual((await heldB.finish()).samples, wholeB.samples);
});

test('a cancelled sentence ends where it waits, and the machine serves the next one', async () => {
  const start = await startFlite(sentence, { voice: 'slt' }, (s) => s.length >= 3000);
  assert.equal(heldFliteSentences(), 1);
  start.cancel();
  await assert.rejects(start.finish(), /cancelled/);
  assert.equal(heldFliteSentences(), 0);
  const after = await runFlite(sentence, { voice: 'slt' });
  const whole = await startFlite(sentence, { voice: 'slt' }, () => false);
  assert.deepEqual(whole.samples, after.samples);
});

test('finishHeldSentences lets a held sentence go on to its end at once', async () => {
  const whole = await runFlite(sentence, { voice: 'slt' });
  const start = await startFlite(sentence, { voice: 'slt' }, (s) => s.length >= 3000);
  assert.equal(heldFliteSentences(), 1);
  finishHeldSentences();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(heldFliteSentences(), 0, 'made to its end before any timer ran');
  assert.deepEqual((await start.finish()).samples, whole.samples);
});

test('bad input is refused before flite runs', async () => {
  await assert.rejects(startFlite('hello', { voice: 'nobody' as 'slt' }, () => false), /unknown flite voice/);
  await assert.rejects(startFlite(' \u0001 ', { voice: 'slt' }, () => false), /nothing to say/);
});
