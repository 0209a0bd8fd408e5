import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import type { ChunkPlan, EngineOptions, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { createPiperEngine } from '../../../src/generator/piper/index.ts';
import type { IpaPhonemizer } from '../../../src/generator/ipa-phonemizer.ts';
import {
  TOY_FRAMES_PER_ID,
  TOY_HOP,
  TOY_SAMPLE_RATE,
  toyDecoderModel,
  toyEncoderModel,
  toyFullModel,
  toyVoiceConfig,
} from './toy-piper-models.ts';
import { joinDroppingOverlap, maxAbsDifference, peak, zeroCrossingFrequency } from './audio-checks.ts';

const HELLO_IPA = 'həlˈoʊ ðˈɛɹ,';
/** ^ _, 12 phonemes each with _, then the space Piper keeps after a clause-final comma and its _, then $. */
const HELLO_IDS = 29;
/** A long sentence: 20 × "ab " = 60 phonemes -> 123 ids -> 246 toy frames. */
const LONG_IPA = 'ab '.repeat(20);

const PLAN: ChunkPlan = { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 };

class FixedPhonemizer implements IpaPhonemizer {
  readonly calls: [string, string][] = [];
  async phonemize(text: string, espeakVoice: string): Promise<string[]> {
    this.calls.push([text, espeakVoice]);
    if (text === 'Hello there,') return [HELLO_IPA];
    if (text === 'long') return [LONG_IPA];
    if (text === 'two') return [HELLO_IPA, 'ab'];
    if (text === 'snowman') return ['h☃ə☃'];
    if (text === '...') return [''];
    throw new Error(`no IPA for ${text}`);
  }
}

let modelsDir: string;
const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
const options = (): EngineOptions => ({
  modelsDir,
  executionProviders: ['cpu'],
  intraOpThreads: 1,
  log: (level, message, fields) => logs.push({ level, message, fields }),
});

async function writeVoice(name: string, files: Record<string, Uint8Array | object | string>): Promise<void> {
  const dir = join(modelsDir, 'voices', 'piper', name);
  await mkdir(dir, { recursive: true });
  for (const [suffix, content] of Object.entries(files)) {
    const data = content instanceof Uint8Array || typeof content === 'string' ? content : JSON.stringify(content);
    await writeFile(join(dir, suffix.startsWith('MODEL') ? suffix : `${name}${suffix}`), data);
  }
}

before(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'piper-engine-'));
  await writeVoice('en_US-toy-low', {
    '.onnx': toyFullModel(false),
    '.onnx.json': toyVoiceConfig(),
    MODEL_CARD: '# Model card\n\n* License: CC0-1.0\n',
  });
  await writeVoice('en_US-toysplit-low', {
    '.onnx': toyFullModel(false),
    '.encoder.onnx': toyEncoderModel(false),
    '.decoder.onnx': toyDecoderModel(false),
    '.onnx.json': toyVoiceConfig(),
  });
  const speakers = { anna: 0, bob: 2, carl: 1 };
  await writeVoice('en_US-toymulti-low', {
    '.encoder.onnx': toyEncoderModel(true),
    '.decoder.onnx': toyDecoderModel(true),
    '.onnx.json': toyVoiceConfig({ speakers, numSpeakers: 3 }),
  });
  await writeVoice('en_US-toymultifull-low', {
    '.onnx': toyFullModel(true),
    '.onnx.json': toyVoiceConfig({ speakers, numSpeakers: 3 }),
  });
  await writeVoice('en_US-configonly-low', { '.onnx.json': toyVoiceConfig() });
  await writeVoice('en_US-broken-low', { '.onnx': toyFullModel(false), '.onnx.json': '{"audio": ' });
});

after(async () => {
  await rm(modelsDir, { recursive: true, force: true });
});

function request(voiceName: string, text: string, extra: Partial<EngineRequest> = {}): EngineRequest {
  return { text, voice: `piper:${voiceName}`, voiceName, chunkPlan: PLAN, ...extra };
}

async function collect(engine: VoiceEngine, req: EngineRequest, signal = new AbortController().signal) {
  const chunks: AudioChunk[] = [];
  for await (const chunk of engine.synthesize(req, signal)) chunks.push(chunk);
  return chunks;
}

async function withEngine<T>(run: (engine: VoiceEngine, phonemizer: FixedPhonemizer) => Promise<T>): Promise<T> {
  const phonemizer = new FixedPhonemizer();
  const engine = await createPiperEngine(options(), { loadPhonemizer: async () => phonemizer });
  try {
    return await run(engine, phonemizer);
  } finally {
    await engine.close();
  }
}

function isSpeechError(code: string, pattern?: RegExp) {
  return (error: unknown) =>
    error instanceof SpeechError && error.code === code && (pattern === undefined || pattern.test(error.message));
}

test('lists installed voices only, with rate, language, licence and speakers; broken configs are skipped', () =>
  withEngine(async (engine) => {
    const voices = await engine.listVoices();
    assert.deepEqual(
      voices.map((v) => v.id),
      ['piper:en_US-toy-low', 'piper:en_US-toymulti-low', 'piper:en_US-toymultifull-low', 'piper:en_US-toysplit-low'],
    );
    const toy = voices[0];
    assert.equal(toy.engine, 'piper');
    assert.equal(toy.installed, true);
    assert.equal(toy.sampleRate, TOY_SAMPLE_RATE);
    assert.equal(toy.language, 'en-US');
    assert.equal(toy.license, 'CC0-1.0');
    assert.equal(toy.speakers, undefined);
    assert.deepEqual(voices[1].speakers, ['anna', 'carl', 'bob']);
    assert.ok(logs.some((l) => l.level === 'warn' && l.fields?.voice === 'en_US-broken-low'));
  }));

test('full model: one chunk whose length, pitch and level follow ids, speed, noise_w and noise_scale', () =>
  withEngine(async (engine, phonemizer) => {
    const [chunk, ...rest] = await collect(engine, request('en_US-toy-low', 'Hello there,'));
    assert.equal(rest.length, 0);
    assert.deepEqual(phonemizer.calls, [['Hello there,', 'en-us']]);
    assert.equal(chunk.sampleRate, TOY_SAMPLE_RATE);
    assert.equal(chunk.overlap, 0);
    assert.equal(chunk.samples.length, HELLO_IDS * TOY_FRAMES_PER_ID * TOY_HOP);
    // Voice defaults: noise_w 0.8 -> 180 Hz, noise_scale 0.667 -> peak 0.333, input_lengths == ids count.
    assert.ok(Math.abs(zeroCrossingFrequency(chunk.samples, TOY_SAMPLE_RATE) - 180) < 3);
    assert.ok(Math.abs(peak(chunk.samples) - 0.2 * 1.667) < 0.005);

    const [fast] = await collect(engine, request('en_US-toy-low', 'Hello there,', { speed: 2, noiseWidth: 0, noiseScale: 0 }));
    assert.equal(fast.samples.length, Math.ceil((HELLO_IDS * TOY_FRAMES_PER_ID) / 2) * TOY_HOP);
    assert.ok(Math.abs(zeroCrossingFrequency(fast.samples, TOY_SAMPLE_RATE) - 100) < 3);
    assert.ok(Math.abs(peak(fast.samples) - 0.2) < 0.005);

    const [slow] = await collect(engine, request('en_US-toy-low', 'Hello there,', { speed: 0.5 }));
    assert.equal(slow.samples.length, HELLO_IDS * TOY_FRAMES_PER_ID * 2 * TOY_HOP);
  }));

test('several phonemised sentences give one model call each; empty IPA gives no audio', () =>
  withEngine(async (engine) => {
    const chunks = await collect(engine, request('en_US-toy-low', 'two'));
    assert.deepEqual(
      chunks.map((c) => c.samples.length),
      [HELLO_IDS * TOY_FRAMES_PER_ID * TOY_HOP, 7 * TOY_FRAMES_PER_ID * TOY_HOP],
    );
    assert.deepEqual(await collect(engine, request('en_US-toy-low', '...')), []);
  }));

test('decoder streaming: small first chunk, later chunks with 10 ms overlap, same audio as the full model', () =>
  withEngine(async (engine) => {
    const chunks = await collect(engine, request('en_US-toysplit-low', 'long'));
    const totalFrames = (2 * 60 + 3) * TOY_FRAMES_PER_ID;
    const overlap = Math.round(0.01 * TOY_SAMPLE_RATE);
    assert.equal(chunks[0].samples.length, PLAN.firstChunkFrames * TOY_HOP);
    assert.equal(chunks[0].overlap, 0);
    // 246 frames: 12 + 64 + 64 + 64 + 42
    assert.deepEqual(
      chunks.map((c) => c.samples.length - c.overlap),
      [12, 64, 64, 64, 42].map((frames) => frames * TOY_HOP),
    );
    for (const chunk of chunks.slice(1)) assert.equal(chunk.overlap, overlap);
    // Overlapping samples cover the same time as the previous chunk's tail: with this exact decoder they are equal.
    for (let i = 1; i < chunks.length; i++) {
      const tail = chunks[i - 1].samples.subarray(chunks[i - 1].samples.length - overlap);
      assert.ok(maxAbsDifference(tail, chunks[i].samples.subarray(0, overlap)) < 1e-6);
    }
    const joined = joinDroppingOverlap(chunks);
    assert.equal(joined.length, totalFrames * TOY_HOP);

    const [full] = await collect(engine, request('en_US-toy-low', 'long'));
    assert.equal(full.samples.length, joined.length);
    assert.ok(maxAbsDifference(full.samples, joined) < 1e-6);
  }));

test('multi-speaker voices pick sid by name or number (g passed from encoder to decoder)', () =>
  withEngine(async (engine) => {
    const pitch = async (voice: string, speaker?: string) => {
      const chunks = await collect(engine, request(voice, 'long', { speaker, noiseWidth: 0 }));
      return zeroCrossingFrequency(joinDroppingOverlap(chunks), TOY_SAMPLE_RATE);
    };
    for (const voice of ['en_US-toymulti-low', 'en_US-toymultifull-low']) {
      assert.ok(Math.abs((await pitch(voice)) - 100) < 3, 'default speaker 0');
      assert.ok(Math.abs((await pitch(voice, 'bob')) - 300) < 3, 'bob is sid 2');
      assert.ok(Math.abs((await pitch(voice, '1')) - 200) < 3, 'numeric sid 1');
      await assert.rejects(collect(engine, request(voice, 'long', { speaker: 'zed' })), isSpeechError('invalid-parameter', /anna, carl, bob/));
      await assert.rejects(collect(engine, request(voice, 'long', { speaker: '3' })), isSpeechError('invalid-parameter'));
    }
    // A single-speaker voice ignores a stored speaker preference.
    assert.equal((await collect(engine, request('en_US-toy-low', 'long', { speaker: 'bob' }))).length, 1);
  }));

test('out-of-range parameters are rejected before any model work', () =>
  withEngine(async (engine, phonemizer) => {
    for (const extra of [{ speed: 2.6 }, { speed: 0.4 }, { speed: Number.NaN }, { noiseScale: 1.6 }, { noiseWidth: -0.1 }]) {
      await assert.rejects(collect(engine, request('en_US-toy-low', 'long', extra)), isSpeechError('invalid-parameter'));
    }
    assert.equal(phonemizer.calls.length, 0);
    assert.equal((await collect(engine, request('en_US-toy-low', 'long', { speed: 2.5, noiseScale: 1.5, noiseWidth: 1.5 }))).length, 1);
  }));

test('unknown, half-installed and broken voices give friendly errors', () =>
  withEngine(async (engine) => {
    await assert.rejects(collect(engine, request('en_US-nope-low', 'long')), isSpeechError('unknown-voice', /en_US-toy-low/));
    await assert.rejects(collect(engine, request('../piper/en_US-toy-low', 'long')), isSpeechError('unknown-voice'));
    await assert.rejects(collect(engine, request('en_US-configonly-low', 'long')), isSpeechError('voice-not-installed'));
    await assert.rejects(collect(engine, request('en_US-broken-low', 'long')), isSpeechError('engine-failed', /broken config/));
  }));

test('a voice is loaded once and reused; unknown phonemes are skipped and logged once', () =>
  withEngine(async (engine) => {
    const loadsBefore = logs.filter((l) => l.message === 'Piper voice loaded').length;
    const missingBefore = logs.filter((l) => l.message.startsWith('phoneme not in the voice')).length;
    const [first] = await collect(engine, request('en_US-toy-low', 'snowman'));
    const [second] = await collect(engine, request('en_US-toy-low', 'snowman'));
    // h ə -> ^ _ h _ ə _ $ = 7 ids
    assert.equal(first.samples.length, 7 * TOY_FRAMES_PER_ID * TOY_HOP);
    assert.deepEqual(first.samples, second.samples);
    assert.equal(logs.filter((l) => l.message === 'Piper voice loaded').length - loadsBefore, 1);
    const missing = logs.filter((l) => l.message.startsWith('phoneme not in the voice')).slice(missingBefore);
    assert.equal(missing.length, 1);
    assert.equal(missing[0].fields?.phoneme, '☃');
    assert.equal(missing[0].fields?.count, 2);
  }));

test('aborting stops the stream between decoder calls', () =>
  withEngine(async (engine) => {
    const controller = new AbortController();
    const chunks: AudioChunk[] = [];
    await assert.rejects(async () => {
      for await (const chunk of engine.synthesize(request('en_US-toysplit-low', 'long'), controller.signal)) {
        chunks.push(chunk);
        controller.abort();
      }
    }, isSpeechError('aborted'));
    assert.equal(chunks.length, 1);
    const aborted = AbortSignal.abort();
    await assert.rejects(collect(engine, request('en_US-toy-low', 'long'), aborted), isSpeechError('aborted'));
  }));

test('end to end with the real espeak-ng phonemiser: "Hello there," reaches the model as Piper\'s 29 ids', async () => {
  const engine = await createPiperEngine(options());
  try {
    const [chunk, ...rest] = await collect(engine, request('en_US-toy-low', 'Hello there,'));
    assert.equal(rest.length, 0);
    assert.equal(chunk.samples.length, HELLO_IDS * TOY_FRAMES_PER_ID * TOY_HOP);
    // A voice whose espeak voice espeak-ng does not know fails with a message naming it, not a crash.
    await writeVoice('xx_XX-badespeak-low', {
      '.onnx': toyFullModel(false),
      '.onnx.json': { ...toyVoiceConfig(), espeak: { voice: 'qq' } },
    });
    await assert.rejects(
      collect(engine, request('xx_XX-badespeak-low', 'Hello there,')),
      isSpeechError('engine-failed', /qq/),
    );
  } finally {
    await engine.close();
  }
});
