import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifest, ManifestError, parseManifest, resolveFileUrl } from '../../src/models/manifest.ts';

test('the shipped manifest is valid and lists the Piper and Kokoro voices with publisher digests', async () => {
  const manifest = await loadManifest();
  const ids = manifest.voices.map((v) => v.id);
  for (const id of ['piper:en_US-lessac-medium', 'piper:en_US-amy-medium', 'piper:en_GB-alan-medium', 'piper:de_DE-thorsten-medium', 'kokoro:af_heart']) {
    assert.ok(ids.includes(id), `${id} is listed`);
  }
  const lessac = manifest.voices.find((v) => v.id === 'piper:en_US-lessac-medium')!;
  const model = lessac.files.find((f) => f.path.endsWith('.onnx'))!;
  // Piper's voices.json: 63,201,294 bytes, md5 2fc642b5...; files laid out as the piper engine expects.
  assert.equal(model.size, 63_201_294);
  assert.equal(model.md5, '2fc642b535197b6305c7c8f92dc8b24f');
  assert.equal(model.path, 'piper/en_US-lessac-medium/en_US-lessac-medium.onnx');
  assert.match(model.url, /^https:\/\/huggingface\.co\/rhasspy\/piper-voices\/resolve\/v1\.0\.0\//);
  const kokoro = manifest.voices.find((v) => v.id === 'kokoro:af_heart')!;
  assert.ok(kokoro.files.every((f) => f.sha256 && f.path.startsWith('kokoro/')));
  for (const voice of manifest.voices) {
    for (const file of voice.files) assert.ok(file.md5 || file.sha256, `${voice.id} ${file.path} has a digest`);
  }
});

test('manifest validation names the bad field', () => {
  const voice = {
    id: 'piper:x', engine: 'piper', language: 'en', sampleRate: 22050, license: 'MIT', description: 'd',
    files: [{ url: 'https://h/x', size: 1, md5: '0'.repeat(32), path: 'piper/x/x.onnx' }],
  };
  assert.doesNotThrow(() => parseManifest({ voices: [voice] }));
  const broken = (patch: object, pattern: RegExp) =>
    assert.throws(() => parseManifest({ voices: [{ ...voice, ...patch }] }), (e: unknown) => e instanceof ManifestError && pattern.test(e.message));
  broken({ files: [{ ...voice.files[0], path: '../../etc/passwd' }] }, /files\[0\]\.path/);
  broken({ files: [{ ...voice.files[0], md5: 'xyz' }] }, /md5/);
  broken({ files: [{ ...voice.files[0], size: -1 }] }, /size/);
  broken({ id: 'kokoro:x' }, /must start with "piper:"/);
  assert.throws(() => parseManifest({ voices: [voice, voice] }), /appears twice/);
  assert.throws(() => parseManifest([]), /"voices" array/);
});

test('MODELS_BASE_URL replaces the publisher URL by base + path', () => {
  const file = { url: 'https://huggingface.co/a/b.onnx', size: 1, path: 'piper/en US/b.onnx' };
  assert.equal(resolveFileUrl(file), 'https://huggingface.co/a/b.onnx');
  assert.equal(resolveFileUrl(file, 'http://127.0.0.1:9/mirror/'), 'http://127.0.0.1:9/mirror/piper/en%20US/b.onnx');
});
