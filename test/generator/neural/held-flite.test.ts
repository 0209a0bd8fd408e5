import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { defaultLeadingSilence, leadingSilenceToDrop } from '../../../src/audio/leading-silence.ts';
import { heldFliteSentences, runFlite } from '../../../src/generator/flite/flite-wasi.ts';
import { hifiganVocoder } from '../../../src/generator/neural/hifigan-vocoder.ts';
import type { Vocode } from '../../../src/generator/neural/hifigan-vocoder.ts';
import { createEngine, RECOMMENDED_NEURAL_CHUNK_PLAN, vocoderPath } from '../../../src/generator/neural/index.ts';
import { createLogMelAnalyzer } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { createPolyphaseResampler } from '../../../src/generator/neural/polyphase-resampler.ts';
import { progressiveResample } from '../../../src/generator/neural/progressive-signal.ts';
import { streamVocoded } from '../../../src/generator/neural/stream-vocoded.ts';
import { createOnnxSession } from '../../../src/generator/onnx-session.ts';
import type { ChunkPlan, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { STREAMING_PLAN, engineOptions } from './helpers/fixtures.ts';

/**
 * The neural engine vocodes a sentence's first chunk while flite still holds the rest of it (flite-wasi startFlite).
 * What a listener gets must not change: every chunk equals, sample for sample, what the engine made when it waited
 * for flite's whole sentence first, which is rebuilt here from the same parts.
 */
let engine: VoiceEngine;
let reference: { vocode: Vocode; release: () => Promise<void> };
before(async () => {
  engine = await createEngine(engineOptions());
  const { session } = await createOnnxSession(vocoderPath(engineOptions()), engineOptions());
  reference = { vocode: hifiganVocoder(session), release: () => session.release() };
});
after(async () => {
  await engine.close();
  await reference.release();
});

const resampler = createPolyphaseResampler(16000, 22050);
const analyzer = createLogMelAnalyzer();

/** The engine's output before flite could be held: the whole sentence first, then every chunk from it. */
async function wholeSentenceChunks(text: string, plan: ChunkPlan, leadingSilenceSeconds: number | undefined): Promise<AudioChunk[]> {
  const flite = await runFlite(text, { voice: 'slt' });
  const drop = leadingSilenceSeconds === undefined
    ? 0
    : leadingSilenceToDrop(flite.samples, 16000, { ...defaultLeadingSilence, keepSeconds: leadingSilenceSeconds });
  const audio = progressiveResample(flite.samples.subarray(drop), resampler);
  const chunks: AudioChunk[] = [];
  for await (const chunk of streamVocoded(audio, analyzer, reference.vocode, plan, new AbortController().signal)) chunks.push(chunk);
  return chunks;
}

const request = (text: string, chunkPlan: ChunkPlan, leadingSilenceSeconds?: number, firstChunkEarly = true): EngineRequest => ({
  text,
  voice: 'neural:slt',
  voiceName: 'slt',
  chunkPlan,
  firstChunkEarly,
  ...(leadingSilenceSeconds === undefined ? {} : { leadingSilenceSeconds }),
});

const LONG = 'The quick brown fox jumps over the lazy dog while the band plays a slow song in the park.';

test('every chunk is the one the whole-sentence path made, held or not, for several plans and sentences', async () => {
  const cases: Array<{ text: string; plan: ChunkPlan; lead?: number; early?: boolean }> = [
    { text: LONG, plan: RECOMMENDED_NEURAL_CHUNK_PLAN, lead: 0.03, early: false },
    { text: LONG, plan: RECOMMENDED_NEURAL_CHUNK_PLAN, lead: 0.03 },
    { text: LONG, plan: RECOMMENDED_NEURAL_CHUNK_PLAN },
    { text: LONG, plan: { ...RECOMMENDED_NEURAL_CHUNK_PLAN, firstChunkFrames: 48 }, lead: 0.03 },
    { text: 'Thank you very much for your help with the project.', plan: STREAMING_PLAN, lead: 0.03 },
    { text: 'Yes.', plan: RECOMMENDED_NEURAL_CHUNK_PLAN, lead: 0.03 },
    { text: 'Well, it is 3.75 dollars, give or take.', plan: { ...STREAMING_PLAN, firstChunkFrames: 7, contextFrames: 5 } },
  ];
  for (const { text, plan, lead, early } of cases) {
    const expected = await wholeSentenceChunks(text, plan, lead);
    const actual: AudioChunk[] = [];
    for await (const chunk of engine.synthesize(request(text, plan, lead, early), new AbortController().signal)) actual.push(chunk);
    const label = `"${text.slice(0, 24)}" first ${plan.firstChunkFrames} lead ${lead} early ${early}`;
    assert.equal(actual.length, expected.length, `${label}: chunk count`);
    actual.forEach((chunk, i) => {
      assert.equal(chunk.overlap, expected[i].overlap, `${label}: chunk ${i} overlap`);
      assert.deepEqual(chunk.samples, expected[i].samples, `${label}: chunk ${i} samples`);
    });
  }
});

test('a long sentence is held after its first chunk and made whole after; a short one is never held', async () => {
  const signal = new AbortController().signal;
  const long = engine.synthesize(request(LONG, RECOMMENDED_NEURAL_CHUNK_PLAN, 0.03), signal)[Symbol.asyncIterator]();
  assert.equal((await long.next()).done, false);
  assert.equal(heldFliteSentences(), 1, 'flite waits while the first chunk is out');
  assert.equal((await long.next()).done, false);
  assert.equal(heldFliteSentences(), 0, 'then makes the rest');
  while (!(await long.next()).done);

  const short = engine.synthesize(request('Hi.', RECOMMENDED_NEURAL_CHUNK_PLAN, 0.03), signal)[Symbol.asyncIterator]();
  assert.equal((await short.next()).done, false);
  assert.equal(heldFliteSentences(), 0, 'a sentence shorter than the first chunk needs is made whole at once');
  while (!(await short.next()).done);

  const notEarly = engine.synthesize(request(LONG, RECOMMENDED_NEURAL_CHUNK_PLAN, 0.03, false), signal)[Symbol.asyncIterator]();
  assert.equal((await notEarly.next()).done, false);
  assert.equal(heldFliteSentences(), 0, 'without firstChunkEarly the whole sentence is made first');
  while (!(await notEarly.next()).done);
});

test('stopping after the first chunk leaves flite free, and the next sentence is whole', async () => {
  const stop = new AbortController();
  const chunks: AudioChunk[] = [];
  await assert.rejects(async () => {
    for await (const chunk of engine.synthesize(request(LONG, RECOMMENDED_NEURAL_CHUNK_PLAN, 0.03), stop.signal)) {
      chunks.push(chunk);
      stop.abort();
    }
  });
  assert.equal(chunks.length, 1);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(heldFliteSentences(), 0, 'the held sentence was cancelled');

  const text = 'After that, a sentence of its own.';
  const expected = await wholeSentenceChunks(text, RECOMMENDED_NEURAL_CHUNK_PLAN, 0.03);
  const actual: AudioChunk[] = [];
  for await (const chunk of engine.synthesize(request(text, RECOMMENDED_NEURAL_CHUNK_PLAN, 0.03), new AbortController().signal)) actual.push(chunk);
  assert.deepEqual(actual.map((c) => c.samples), expected.map((c) => c.samples));
});
