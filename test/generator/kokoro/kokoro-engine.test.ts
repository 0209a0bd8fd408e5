import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import type { EngineOptions, EngineRequest, VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { createKokoroEngine } from '../../../src/generator/kokoro/index.ts';
import { encodeNpz } from './npz-writer.ts';
import { TOY_SAMPLES_PER_TOKEN, toyKokoroModel } from './toy-kokoro-model.ts';
import { peak, zeroCrossingFrequency } from '../piper/audio-checks.ts';

const VOCAB: Record<string, number> = { ',': 3, '.': 4, ' ': 16, a: 1, b: 2, h: 5, l: 6, 'ə': 7, 'ˈ': 8, o: 9, 'ʊ': 10, 'ɹ': 11, k: 12, j: 13 };
const ROWS = 510;
/** Style row r of voice v: [200 + 10 r Hz, v level per token id], so pitch shows the row and level the voice. */
function stylePack(levelPerId: number): { shape: number[]; data: Float32Array } {
  const data = new Float32Array(ROWS * 256);
  for (let r = 0; r < ROWS; r++) {
    data[r * 256] = 200 + 10 * r;
    data[r * 256 + 1] = levelPerId;
  }
  return { shape: [ROWS, 1, 256], data };
}

const IPA: Record<string, string[]> = {
  hello: ['həlˈoʊ'], // 6 tokens, ids sum 5+7+6+8+9+10 = 45
  brr: ['bɹr ʲx.'], // r -> ɹ, ʲ -> j, x -> k: b ɹ ɹ ' ' j k . = 7 tokens, sum 2+11+11+16+13+12+4 = 69
  long: ['ab '.repeat(200)], // 600 tokens -> two batches
  unknown: ['h☃a'],
};

let root: string;
const logs: { message: string; fields?: Record<string, unknown> }[] = [];
const calls: [string, string][] = [];

async function install(dir: string, variant: 'kokoro-onnx' | 'input_ids', compressed: boolean, withConfig = true): Promise<string> {
  const modelsDir = join(root, dir);
  const kokoro = join(modelsDir, 'voices', 'kokoro');
  await mkdir(kokoro, { recursive: true });
  await writeFile(join(kokoro, 'kokoro-v1.0.onnx'), toyKokoroModel(variant));
  if (withConfig) await writeFile(join(kokoro, 'config.json'), JSON.stringify({ n_token: 178, vocab: VOCAB }));
  await writeFile(join(kokoro, 'voices-v1.0.bin'), encodeNpz(new Map([['af_test', stylePack(0.1)], ['bm_test', stylePack(0.2)]]), compressed));
  return modelsDir;
}

function engineFor(modelsDir: string): Promise<VoiceEngine> {
  const options: EngineOptions = {
    modelsDir,
    executionProviders: ['cpu'],
    intraOpThreads: 1,
    log: (_level, message, fields) => logs.push({ message, fields }),
  };
  return createKokoroEngine(options, {
    loadPhonemizer: async () => ({
      phonemize: async (text: string, voice: string) => {
        calls.push([text, voice]);
        const ipa = IPA[text];
        if (!ipa) throw new Error(`no IPA for ${text}`);
        return ipa;
      },
    }),
  });
}

let main: VoiceEngine;
let onnxCommunity: VoiceEngine;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kokoro-engine-'));
  main = await engineFor(await install('main', 'kokoro-onnx', false));
  onnxCommunity = await engineFor(await install('community', 'input_ids', true));
});

after(async () => {
  await main.close();
  await onnxCommunity.close();
  await rm(root, { recursive: true, force: true });
});

function request(voiceName: string, text: string, extra: Partial<EngineRequest> = {}): EngineRequest {
  return {
    text,
    voice: `kokoro:${voiceName}`,
    voiceName,
    chunkPlan: { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 },
    ...extra,
  };
}

async function collect(engine: VoiceEngine, req: EngineRequest, signal = new AbortController().signal): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of engine.synthesize(req, signal)) chunks.push(chunk);
  return chunks;
}

const isSpeechError = (code: string) => (error: unknown) => error instanceof SpeechError && error.code === code;

test('lists every voice in the style pack with language from its prefix', async () => {
  const voices = await main.listVoices();
  assert.deepEqual(voices.map((v) => [v.id, v.language, v.sampleRate, v.installed]), [
    ['kokoro:af_test', 'en-US', 24000, true],
    ['kokoro:bm_test', 'en-GB', 24000, true],
  ]);
  assert.match(voices[1].description, /male voice bm_test/);
});

test('tokens are padded, the style row follows the token count, speed shortens, voice sets the level', async () => {
  const [chunk, ...rest] = await collect(main, request('af_test', 'hello'));
  assert.equal(rest.length, 0);
  assert.deepEqual(calls.at(-1), ['hello', 'en-us']);
  assert.equal(chunk.sampleRate, 24000);
  assert.equal(chunk.overlap, 0);
  assert.equal(chunk.samples.length, (6 + 2) * TOY_SAMPLES_PER_TOKEN); // 6 tokens + 2 pads
  assert.ok(Math.abs(zeroCrossingFrequency(chunk.samples, 24000) - (200 + 10 * 6)) < 3, 'style row 6');
  assert.ok(Math.abs(peak(chunk.samples) - (0.1 * 45) / 100) < 0.001); // level 0.1 x id sum 45 / 100

  const [fast] = await collect(main, request('af_test', 'hello', { speed: 2 }));
  assert.equal(fast.samples.length, (8 * TOY_SAMPLES_PER_TOKEN) / 2);
  const [british] = await collect(main, request('bm_test', 'hello'));
  assert.deepEqual(calls.at(-1), ['hello', 'en']); // kokoro-js phonemises b voices with espeak-ng "en"
  assert.ok(Math.abs(peak(british.samples) - 2 * peak(chunk.samples)) < 0.001);
});

test('espeak clean-up reaches the model (r, ʲ, x mapped to Kokoro phonemes)', async () => {
  const [chunk] = await collect(main, request('af_test', 'brr'));
  assert.equal(chunk.samples.length, (7 + 2) * TOY_SAMPLES_PER_TOKEN);
  assert.ok(Math.abs(peak(chunk.samples) - (0.1 * 69) / 100) < 0.001);
});

test('more than 510 tokens become several model calls, each with its own style row', async () => {
  const chunks = await collect(main, request('af_test', 'long'));
  assert.equal(chunks.length, 2);
  const tokenCounts = chunks.map((c) => c.samples.length / TOY_SAMPLES_PER_TOKEN - 2);
  assert.equal(tokenCounts.reduce((a, b) => a + b, 0), 600 - 2); // the two spaces at batch edges are trimmed
  assert.ok(tokenCounts.every((n) => n <= 510));
});

test('the input_ids export (int32 speed, deflated voices) works too', async () => {
  const [chunk] = await collect(onnxCommunity, request('af_test', 'hello', { speed: 2 }));
  assert.equal(chunk.samples.length, (8 * TOY_SAMPLES_PER_TOKEN) / 2);
  assert.ok(Math.abs(zeroCrossingFrequency(chunk.samples, 24000) - 260) < 3);
});

test('without config.json (as the manifest fetches Kokoro) the built-in v1.0 vocab is used', async () => {
  const engine = await engineFor(await install('no-config', 'kokoro-onnx', false, false));
  try {
    const [chunk] = await collect(engine, request('af_test', 'hello'));
    assert.equal(chunk.samples.length, (6 + 2) * TOY_SAMPLES_PER_TOKEN);
    // Kokoro ids h=50 ə=83 l=54 ˈ=156 o=57 ʊ=135, sum 535 -> level 0.1 x 535 / 100
    assert.ok(Math.abs(peak(chunk.samples) - 0.535) < 0.002);
  } finally {
    await engine.close();
  }
});

test('unknown phonemes are dropped and logged once', async () => {
  const [chunk] = await collect(main, request('af_test', 'unknown'));
  await collect(main, request('af_test', 'unknown'));
  assert.equal(chunk.samples.length, (2 + 2) * TOY_SAMPLES_PER_TOKEN);
  assert.equal(logs.filter((l) => l.fields?.phoneme === '☃').length, 1);
});

test('parentheses become « » (as in kokoro-js); they and [ ] the vocab lacks: silently dropped, not logged', async () => {
  const [chunk] = await collect(main, request('af_test', '[(hello)]'));
  assert.equal(chunk.samples.length, (6 + 2) * TOY_SAMPLES_PER_TOKEN, 'the 6 tokens of hello only');
  assert.deepEqual(logs.filter((l) => ['«', '»', '[', ']'].includes(String(l.fields?.phoneme))), []);
});

test('bad requests and missing files are friendly SpeechErrors', async () => {
  await assert.rejects(collect(main, request('af_test', 'hello', { speed: 3 })), isSpeechError('invalid-parameter'));
  await assert.rejects(collect(main, request('zz_nobody', 'hello')), isSpeechError('unknown-voice'));
  const empty = await engineFor(join(root, 'nothing-here'));
  assert.deepEqual(await empty.listVoices(), []);
  await assert.rejects(collect(empty, request('af_test', 'hello')), isSpeechError('voice-not-installed'));
  const brokenDir = join(root, 'broken');
  await mkdir(join(brokenDir, 'voices', 'kokoro'), { recursive: true });
  for (const file of ['kokoro-v1.0.onnx', 'config.json', 'voices-v1.0.bin']) {
    await writeFile(join(brokenDir, 'voices', 'kokoro', file), 'garbage');
  }
  const broken = await engineFor(brokenDir);
  assert.deepEqual(await broken.listVoices(), []);
  await assert.rejects(collect(broken, request('af_test', 'hello')), isSpeechError('engine-failed'));
});

test('an aborted signal stops before any model call', async () => {
  await assert.rejects(collect(main, request('af_test', 'hello'), AbortSignal.abort()), isSpeechError('aborted'));
});
