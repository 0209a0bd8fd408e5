import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { FLITE_FRAME_SECONDS, createEngine } from '../../../src/generator/flite/index.ts';
import { heldFliteSentences, runFlite } from '../../../src/generator/flite/flite-wasi.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import type { EngineRequest } from '../../../src/generator/voice-engine.ts';
import { engineOptions } from '../neural/helpers/fixtures.ts';
import { concatSamples } from '../../../src/audio/concat-samples.ts';

const plan = { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 };
const request = (overrides: Partial<EngineRequest> = {}): EngineRequest => ({
  text: 'My brother is coming to visit us next weekend.',
  voice: 'flite:rms',
  voiceName: 'rms',
  chunkPlan: plan,
  ...overrides,
});

async function collect(iterable: AsyncIterable<AudioChunk>): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

test('lists the four built-in voices as installed 16 kHz voices', async () => {
  const engine = await createEngine(engineOptions());
  const voices = await engine.listVoices();
  assert.deepEqual(voices.map((v) => v.id), ['flite:slt', 'flite:rms', 'flite:awb', 'flite:kal16']);
  assert.ok(voices.every((v) => v.installed && v.sampleRate === 16000 && v.engine === 'flite'));
});

test('chunks are exact slices: small first chunk, no overlap, concatenating to the flite waveform', async () => {
  const engine = await createEngine(engineOptions());
  const chunks = await collect(engine.synthesize(request(), new AbortController().signal));
  const direct = await runFlite(request().text, { voice: 'rms' });
  assert.ok(chunks.length > 2);
  assert.ok(chunks.every((c) => c.overlap === 0 && c.sampleRate === 16000));
  assert.equal(chunks[0].samples.length, Math.round(12 * FLITE_FRAME_SECONDS * 16000));
  assert.equal(chunks[1].samples.length, Math.round(64 * FLITE_FRAME_SECONDS * 16000));
  assert.deepEqual(concatSamples(chunks.map((c) => c.samples)), direct.samples);
});

test('with firstChunkEarly flite is held after the first chunk, so that chunk is out before the rest is made', async () => {
  const engine = await createEngine(engineOptions());
  const chunks = engine.synthesize(request({ firstChunkEarly: true }), new AbortController().signal)[Symbol.asyncIterator]();
  const first = await chunks.next();
  assert.equal(first.done, false);
  assert.equal(heldFliteSentences(), 1, 'the rest of the sentence waits');
  const rest: AudioChunk[] = [];
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest.push(next.value);
  assert.equal(heldFliteSentences(), 0);
  const direct = await runFlite(request().text, { voice: 'rms' });
  assert.deepEqual(concatSamples([first.value.samples, ...rest.map((c) => c.samples)]), direct.samples);
});

test('speed maps to duration_stretch = 1 / speed', async () => {
  const engine = await createEngine(engineOptions());
  const length = async (speed: number) =>
    (await collect(engine.synthesize(request({ speed }), new AbortController().signal))).reduce((n, c) => n + c.samples.length, 0);
  const ratio = (await length(0.5)) / (await length(1));
  assert.ok(ratio > 1.6 && ratio < 2.4, `speed 0.5 made it ${ratio}x as long`);
});

test('bad requests: friendly SpeechErrors for speed, voice, empty text; abort stops between chunks', async () => {
  const engine = await createEngine(engineOptions());
  const signal = new AbortController().signal;
  await assert.rejects(collect(engine.synthesize(request({ speed: 2.6 }), signal)), (error: unknown) => {
    assert.ok(error instanceof SpeechError && error.code === 'invalid-parameter');
    assert.match(error.message, /Speed must be a number from 0\.5 to 2\.5/);
    return true;
  });
  await assert.rejects(collect(engine.synthesize(request({ voiceName: 'bob' }), signal)), (error: unknown) => {
    assert.ok(error instanceof SpeechError && error.code === 'unknown-voice');
    assert.match(error.message, /flite:slt/);
    return true;
  });
  await assert.rejects(collect(engine.synthesize(request({ text: '' }), signal)), { code: 'empty-text' });

  const controller = new AbortController();
  let received = 0;
  await assert.rejects(
    (async () => {
      for await (const _chunk of engine.synthesize(request(), controller.signal)) {
        received++;
        controller.abort();
      }
    })(),
    { code: 'aborted' },
  );
  assert.equal(received, 1);
});
