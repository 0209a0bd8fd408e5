/**
 * `npm run say -- --variation`: parsed and range-checked like --speed, and it reaches the engine. Judged with the
 * random-weight Piper voice (../shared/models/piper-random-medium; its output is noise, not speech, so only sameness is
 * judged): flat renders are the same file, the trained amount is not the flat one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSayArgs, UsageError } from '../../src/cli/say-args.ts';
import { runSay } from '../../src/cli/say-cli.ts';
import { readWav16 } from './wav-reader.ts';
import { sharedModel, sharedModelsDir, skipUnless } from '../helpers/test-requirements.ts';

const SOURCE = 'en_US-random-medium';

function capture() {
  let out = '';
  let err = '';
  return { io: { write: (t: string) => (out += t), error: (t: string) => (err += t) }, out: () => out, err: () => err };
}

test('--variation is parsed, and refused outside 0..1.5 with the range in the message', () => {
  assert.equal(parseSayArgs(['Hi', '--variation', '0', '--out', 'x.wav']).variation, 0);
  assert.equal(parseSayArgs(['Hi', '--variation', '1.5', '--out', 'x.wav']).variation, 1.5);
  assert.equal('variation' in parseSayArgs(['Hi', '--out', 'x.wav']), false, 'absent: the engine default');
  for (const [raw, message] of [['1.6', /--variation must be from 0 \(flat\) to 1\.5 \(1 is the voice as trained\), not 1\.6\./], ['-1', /from 0/], ['lots', /must be a number, not "lots"/], ['', /must be a number/]] as const) {
    assert.throws(() => parseSayArgs(['Hi', '--variation', raw, '--out', 'x.wav']), (error: unknown) => error instanceof UsageError && message.test(error.message), raw);
  }
});

test('a variation out of range exits 2 with a friendly message before any voice loads', async () => {
  const result = capture();
  assert.equal(await runSay(['Hi', '--voice', 'piper:nope', '--variation', '3', '--out', join(tmpdir(), 'never.wav')], {}, result.io), 2);
  assert.match(result.err(), /--variation must be from 0/);
  assert.doesNotMatch(result.err(), /no voice|\n\s+at /);
});

test('with a Piper voice, --variation 0 gives the same file every time and 1 another one', { skip: skipUnless(sharedModel('piper-random-medium')) }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'say-variation-'));
  try {
    const voiceDir = join(dir, 'models', 'voices', 'piper', SOURCE);
    await mkdir(voiceDir, { recursive: true });
    for (const suffix of ['.onnx', '.onnx.json', '.encoder.onnx', '.decoder.onnx']) {
      await symlink(join(sharedModelsDir, 'piper-random-medium', `${SOURCE}${suffix}`), join(voiceDir, `${SOURCE}${suffix}`));
    }
    const env = { MODELS_DIR: join(dir, 'models') };
    const render = async (variation: string, name: string): Promise<Float32Array> => {
      const out = join(dir, name);
      const result = capture();
      assert.equal(await runSay(['Hello there, how are you?', '--voice', `piper:${SOURCE}`, '--variation', variation, '--out', out], env, result.io), 0, result.err());
      return readWav16(await readFile(out)).samples;
    };
    const flat = [await render('0', 'flat-1.wav'), await render('0', 'flat-2.wav')];
    assert.ok(flat[0].length > 48000 * 0.5, `${flat[0].length} samples`);
    assert.deepEqual(flat[0], flat[1], 'variation 0: the same file');
    const trained = await render('1', 'trained.wav');
    let differing = 0;
    for (let i = 0; i < Math.max(flat[0].length, trained.length); i++) if ((flat[0][i] ?? 0) !== (trained[i] ?? 0)) differing++;
    assert.ok(differing > flat[0].length / 2, `variation 1 differs from 0 in ${differing} of ${flat[0].length} samples`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
