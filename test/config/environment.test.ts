import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readEnvironment, repositoryModelsDir, resolveModelsDir } from '../../src/config/environment.ts';

test('the .env file fills in what the environment lacks; the real environment wins, empty counts as unset', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'env-file-'));
  try {
    const file = join(dir, '.env');
    await writeFile(file, 'MODELS_DIR=from-file\nDEFAULT_VOICE=espeak:de\nMODELS_BASE_URL=http://mirror.example/models\n# a comment\n');
    const { values, problems } = readEnvironment({ DEFAULT_VOICE: 'neural:rms', MODELS_BASE_URL: '  ' }, file);
    assert.deepEqual(problems, []);
    assert.equal(values.MODELS_DIR, 'from-file');
    assert.equal(values.DEFAULT_VOICE, 'neural:rms');
    assert.equal(values.MODELS_BASE_URL, 'http://mirror.example/models');
    assert.deepEqual(readEnvironment({ A: '1' }, join(dir, 'absent.env')), { values: { A: '1' }, problems: [] });
    assert.deepEqual(readEnvironment({ A: '1' }, null).values, { A: '1' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an unreadable .env is one problem line, not a crash', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'env-file-'));
  try {
    // A folder where the file should be: reading it fails.
    const { problems } = readEnvironment({}, dir);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /the env file .* cannot be read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('MODELS_DIR: unset is the repository models folder, relative is from the working directory', () => {
  assert.equal(resolveModelsDir(undefined), repositoryModelsDir);
  assert.equal(resolveModelsDir(' '), repositoryModelsDir);
  assert.equal(resolveModelsDir('/srv/models'), '/srv/models');
  assert.equal(resolveModelsDir('my-models'), resolve(process.cwd(), 'my-models'));
  assert.equal(resolve(repositoryModelsDir, 'manifest.json'), resolve(import.meta.dirname, '..', '..', 'models', 'manifest.json'));
});
