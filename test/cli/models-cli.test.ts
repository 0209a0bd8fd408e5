import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runModelsCli } from '../../src/cli/models-cli.ts';
import { startFileServer, testBytes } from '../models/test-file-server.ts';

function captureIo(isTTY = false) {
  let out = '';
  let err = '';
  return {
    io: { stdout: { isTTY, write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    out: () => out,
    err: () => err,
  };
}

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'models-cli-'));
  const server = await startFileServer();
  const model = testBytes(120_000, 5);
  const config = Buffer.from('{"audio":{"sample_rate":22050}}');
  server.files.set('/piper/test_voice/test_voice.onnx', { body: model });
  server.files.set('/piper/test_voice/test_voice.onnx.json', { body: config });
  const manifest = {
    voices: [
      {
        id: 'piper:test_voice',
        engine: 'piper',
        language: 'en-US',
        sampleRate: 22050,
        license: 'MIT',
        description: 'test voice',
        files: [
          { url: 'https://example.invalid/a.onnx', size: model.length, md5: createHash('md5').update(model).digest('hex'), path: 'piper/test_voice/test_voice.onnx' },
          { url: 'https://example.invalid/a.onnx.json', size: config.length, sha256: createHash('sha256').update(config).digest('hex'), path: 'piper/test_voice/test_voice.onnx.json' },
        ],
      },
    ],
  };
  const manifestPath = join(dir, 'manifest.json');
  await writeFile(manifestPath, JSON.stringify(manifest));
  const env = { MODELS_DIR: join(dir, 'models'), MODELS_BASE_URL: server.baseUrl, MODELS_MANIFEST: manifestPath };
  return {
    dir, server, model, env,
    cleanup: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('fetch downloads every file of a voice from MODELS_BASE_URL into models/voices, then list shows it', async () => {
  const s = await setup();
  try {
    const before = captureIo();
    assert.equal(await runModelsCli(['list'], s.env, before.io), 0);
    assert.match(before.out(), /fetchable\s+piper:test_voice/);
    const run = captureIo();
    assert.equal(await runModelsCli(['fetch', 'piper:test_voice'], s.env, run.io), 0, run.err());
    assert.deepEqual(await readFile(join(s.env.MODELS_DIR, 'voices', 'piper', 'test_voice', 'test_voice.onnx')), s.model);
    assert.match(run.out(), /100%/, 'plain progress lines when not on a terminal');
    assert.match(run.out(), /piper:test_voice is installed/);
    const after = captureIo();
    await runModelsCli(['list'], s.env, after.io);
    assert.match(after.out(), /installed\s+piper:test_voice/);
  } finally {
    await s.cleanup();
  }
});

test('fetch reports a server error and exits 1; unknown voices and commands exit 2 with suggestions', async () => {
  const s = await setup();
  try {
    s.server.files.delete('/piper/test_voice/test_voice.onnx.json');
    const failed = captureIo();
    assert.equal(await runModelsCli(['fetch', 'piper:test_voice'], s.env, failed.io), 1);
    assert.match(failed.err(), /Could not fetch piper:test_voice: .*HTTP 404/);
    assert.equal(existsSync(join(s.env.MODELS_DIR, 'voices', 'piper', 'test_voice', 'test_voice.onnx.json')), false);
    const typo = captureIo();
    assert.equal(await runModelsCli(['fetch', 'piper:test_voise'], s.env, typo.io), 2);
    assert.match(typo.err(), /Did you mean piper:test_voice\?/);
    const bad = captureIo();
    assert.equal(await runModelsCli(['frobnicate'], s.env, bad.io), 2);
    assert.match(bad.err(), /Unknown command/);
  } finally {
    await s.cleanup();
  }
});

test('npm run models entry point (models/fetch.ts) runs as a script', async () => {
  const s = await setup();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['models/fetch.ts', 'fetch', 'piper:test_voice'], {
      env: { ...process.env, ...s.env },
    });
    assert.match(stdout, /piper:test_voice is installed/);
  } finally {
    await s.cleanup();
  }
});

test('built-in voices need no fetch; --help exits 0; list names the folder', async () => {
  const s = await setup();
  try {
    const builtIn = captureIo();
    assert.equal(await runModelsCli(['fetch', 'neural:slt', 'espeak:de'], s.env, builtIn.io), 0, builtIn.err());
    assert.match(builtIn.out(), /^neural:slt is built in: it needs no download/m);
    assert.match(builtIn.out(), /^espeak:de is built in/m);
    assert.equal(builtIn.err(), '');
    const help = captureIo();
    assert.equal(await runModelsCli(['--help'], s.env, help.io), 0);
    assert.match(help.out(), /MODELS_BASE_URL/);
    const list = captureIo();
    assert.equal(await runModelsCli(['list'], s.env, list.io), 0);
    assert.ok(list.out().startsWith(`Voices in ${join(s.env.MODELS_DIR, 'voices')} `), list.out());
  } finally {
    await s.cleanup();
  }
});

test('npm run models reads MODELS_DIR from .env in the working directory; the real environment wins', async () => {
  const s = await setup();
  const cwd = await mkdtemp(join(tmpdir(), 'models-dotenv-'));
  try {
    await writeFile(join(cwd, '.env'), `MODELS_DIR=from-dotenv\nMODELS_MANIFEST=${s.env.MODELS_MANIFEST}\n`);
    const script = join(import.meta.dirname, '..', '..', 'models', 'fetch.ts');
    const env = { ...process.env, MODELS_DIR: '', MODELS_MANIFEST: '' };
    const fromFile = await promisify(execFile)(process.execPath, [script, 'list'], { cwd, env });
    assert.match(fromFile.stdout, new RegExp(`^Voices in ${join(cwd, 'from-dotenv', 'voices').replaceAll('/', '\\/')} `));
    assert.match(fromFile.stdout, /fetchable\s+piper:test_voice/, 'the manifest named in .env was read');
    const fromEnv = await promisify(execFile)(process.execPath, [script, 'list'], { cwd, env: { ...env, MODELS_DIR: s.env.MODELS_DIR } });
    assert.match(fromEnv.stdout, new RegExp(`^Voices in ${join(s.env.MODELS_DIR, 'voices').replaceAll('/', '\\/')} `));
  } finally {
    await rm(cwd, { recursive: true, force: true });
    await s.cleanup();
  }
});
