/**
 * kokoro-js's real voice packs (node_modules/kokoro-js/voices/*.bin: raw float32 [510, 256]) installed as an
 * operator would (voices/kokoro/voices/<name>.bin): the engine lists them, and for each call feeds the model the
 * style row kokoro-js itself picks for the same text (row = token count, at most 509), read back through a graph
 * that echoes its inputs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VoiceEngine } from '../../../src/generator/voice-engine.ts';
import { createKokoroEngine } from '../../../src/generator/kokoro/index.ts';
import { KokoroConfigError } from '../../../src/generator/kokoro/kokoro-tokens.ts';
import { findKokoroFiles, loadAllVoicePacks, parseVoicePackBin } from '../../../src/generator/kokoro/kokoro-files.ts';
import { encodeNpz } from './npz-writer.ts';
import { echoKokoroModel } from './toy-kokoro-model.ts';
import type { ReferenceCall } from './kokoro-js-reference.ts';
import { KOKORO_JS_VOICES, kokoroJsCalls } from './kokoro-js-reference-process.ts';

const PACKS = ['af_heart', 'bf_emma', 'am_michael'];
const STYLE = 256;
const CASES: [voice: string, text: string][] = [
  ['af_heart', 'Hello there, how are you?'],
  ['bf_emma', 'Dr. Smith paid $5.50 for "the big one" in 1999.'],
  ['am_michael', 'Hi!'],
];
/** Over 510 tokens in one sentence. */
const LONG_TEXT = `${'one two three four five six seven eight nine ten, '.repeat(14)}done.`;

let root: string;
let modelsDir: string;
let engine: VoiceEngine;
/** kokoro-js's calls for CASES, then for LONG_TEXT with af_heart. */
let reference: ReferenceCall[][];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kokoro-packs-'));
  modelsDir = join(root, 'models');
  const kokoro = join(modelsDir, 'voices', 'kokoro');
  await mkdir(join(kokoro, 'voices'), { recursive: true });
  await writeFile(join(kokoro, 'kokoro-v1.0.onnx'), echoKokoroModel());
  for (const name of PACKS) await copyFile(join(KOKORO_JS_VOICES, `${name}.bin`), join(kokoro, 'voices', `${name}.bin`));
  await writeFile(join(kokoro, 'voices', 'README.txt'), 'not a pack');
  engine = await createKokoroEngine({ modelsDir, executionProviders: ['cpu'], intraOpThreads: 1, log: () => undefined });
  reference = await kokoroJsCalls([...CASES, ['af_heart', LONG_TEXT]].map(([voice, text]) => ({ voice, text })));
});

after(async () => {
  await engine.close();
  await rm(root, { recursive: true, force: true });
});

async function echoes(voiceName: string, text: string): Promise<{ style: Float32Array; ids: number[] }[]> {
  const result: { style: Float32Array; ids: number[] }[] = [];
  const request = {
    text,
    voice: `kokoro:${voiceName}`,
    voiceName,
    chunkPlan: { firstChunkFrames: 12, chunkFrames: 64, contextFrames: 16, overlapSeconds: 0.01 },
  };
  for await (const chunk of engine.synthesize(request, new AbortController().signal)) {
    result.push({ style: chunk.samples.slice(0, STYLE), ids: [...chunk.samples.slice(STYLE)].map(Math.round) });
  }
  return result;
}

test('a kokoro-js pack is 510 rows of 256 float32 values, and parses as such', async () => {
  const bytes = await readFile(join(KOKORO_JS_VOICES, 'af_heart.bin'));
  assert.equal(bytes.byteLength, 510 * 256 * 4);
  const pack = parseVoicePackBin(bytes, 'af_heart.bin');
  assert.deepEqual(pack.shape, [510, 1, 256]);
  const direct = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  assert.deepEqual(pack.data, direct);
  assert.ok(pack.data.some((value) => value !== 0) && pack.data.every(Number.isFinite));
});

test('the engine lists the .bin packs of voices/ (and nothing else there) with their languages', async () => {
  const voices = await engine.listVoices();
  assert.deepEqual(
    voices.map((voice) => [voice.id, voice.language]),
    [['kokoro:af_heart', 'en-US'], ['kokoro:am_michael', 'en-US'], ['kokoro:bf_emma', 'en-GB']],
  );
});

for (const [index, [voice, text]] of CASES.entries()) {
  test(`${voice}: the model gets kokoro-js's ids and the style row kokoro-js picks from the real pack`, async () => {
    const [mine] = await echoes(voice, text);
    const [theirs] = reference[index];
    assert.deepEqual(mine.ids, [0, ...theirs.ids, 0]);
    assert.deepEqual(mine.style, theirs.style);
    const pack = parseVoicePackBin(await readFile(join(KOKORO_JS_VOICES, `${voice}.bin`)), voice);
    const row = theirs.ids.length;
    assert.deepEqual(mine.style, pack.data.slice(row * STYLE, (row + 1) * STYLE), `row ${row} = token count`);
    assert.notDeepEqual(mine.style, pack.data.slice((row + 1) * STYLE, (row + 2) * STYLE), 'neighbouring rows differ');
  });
}

test('past 509 tokens the last row is used, as kokoro-js clamps; the engine cuts the text instead of truncating', async () => {
  const [theirs] = reference[CASES.length];
  assert.equal(theirs.ids.length, 510, 'the tokenizer stand-in truncates to 510 ids (truncation: true)');
  const pack = parseVoicePackBin(await readFile(join(KOKORO_JS_VOICES, 'af_heart.bin')), 'af_heart');
  assert.deepEqual(theirs.style, pack.data.slice(509 * STYLE, 510 * STYLE));
  const mine = await echoes('af_heart', LONG_TEXT);
  assert.ok(mine.length >= 2, 'spoken in several calls, none over 510 ids');
  for (const call of mine) {
    const count = call.ids.length - 2;
    assert.ok(count <= 510);
    assert.deepEqual(call.style, pack.data.slice(Math.min(count, 509) * STYLE, (Math.min(count, 509) + 1) * STYLE));
  }
  // The engine trims the space at each cut, so compare without the space id (16).
  const words = (ids: readonly number[]) => ids.filter((id) => id !== 16);
  const spoken = words(mine.flatMap((call) => call.ids.slice(1, -1)));
  assert.deepEqual(spoken.slice(0, words(theirs.ids).length), words(theirs.ids), 'same ids, cut rather than dropped');
  assert.ok(spoken.length > words(theirs.ids).length, 'and the rest kokoro-js drops is spoken too');
});

test('.bin packs and the .npz combine; a .bin replaces the .npz voice of its name; a damaged pack is skipped, saying why', async () => {
  const kokoro = join(root, 'mixed', 'voices', 'kokoro');
  await mkdir(join(kokoro, 'voices'), { recursive: true });
  await writeFile(join(kokoro, 'kokoro-v1.0.onnx'), echoKokoroModel());
  const zeros = { shape: [510, 1, 256], data: new Float32Array(510 * 256) };
  await writeFile(join(kokoro, 'voices-v1.0.bin'), encodeNpz(new Map([['af_heart', zeros], ['bm_npz', zeros]]), false));
  await copyFile(join(KOKORO_JS_VOICES, 'af_heart.bin'), join(kokoro, 'voices', 'af_heart.bin'));
  const files = await findKokoroFiles(join(root, 'mixed'));
  assert.ok(files);
  const noSkips = (path: string) => assert.fail(`skipped ${path}`);
  const packs = await loadAllVoicePacks(files, noSkips);
  assert.deepEqual([...packs.keys()].sort(), ['af_heart', 'bm_npz']);
  assert.ok(packs.get('af_heart')?.data.some((value) => value !== 0), 'the .bin pack won');

  assert.equal(await findKokoroFiles(join(root, 'nothing')), undefined);
  assert.throws(() => parseVoicePackBin(new Uint8Array(1000), 'odd.bin'), KokoroConfigError);
  assert.throws(() => parseVoicePackBin(new Uint8Array(0), 'empty.bin'), /odd|empty\.bin has 0 bytes/);
  await writeFile(join(kokoro, 'voices', 'bf_broken.bin'), new Uint8Array(1000));
  const skipped: string[] = [];
  const withBroken = await findKokoroFiles(join(root, 'mixed'));
  assert.ok(withBroken);
  const kept = await loadAllVoicePacks(withBroken, (path, reason) => skipped.push(`${path}: ${reason}`));
  assert.deepEqual([...kept.keys()].sort(), ['af_heart', 'bm_npz'], 'the damaged pack alone is left out');
  assert.equal(skipped.length, 1);
  assert.match(skipped[0], /bf_broken\.bin: .*bf_broken\.bin has 1000 bytes, not a whole number of 256-value float32 rows/);
});
