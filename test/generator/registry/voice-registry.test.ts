import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import type { VoiceInfo } from '../../../src/generator/speech-request.ts';
import { parseVoiceId } from '../../../src/generator/registry/voice-id.ts';
import { closeMatches, editDistance } from '../../../src/generator/registry/close-matches.ts';
import { findVoice, mergeVoices, resolveEngine } from '../../../src/generator/registry/voice-registry.ts';

const isCode = (code: string, pattern?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof SpeechError, `expected SpeechError, got ${String(error)}`);
  assert.equal(error.code, code);
  if (pattern) assert.match(error.message, pattern);
  return true;
};

test('voice ids parse as engine:voice', () => {
  assert.deepEqual(parseVoiceId('neural:slt'), { engine: 'neural', voiceName: 'slt' });
  assert.deepEqual(parseVoiceId(' Piper:en_US-lessac-medium '), { engine: 'piper', voiceName: 'en_US-lessac-medium' });
  assert.deepEqual(parseVoiceId('espeak:pt-br'), { engine: 'espeak', voiceName: 'pt-br' });
  for (const bad of ['', 'slt', ':slt', 'neural:', 'neural:../../etc/passwd', 'ne ural:slt', 'a:b/c']) {
    assert.throws(() => parseVoiceId(bad), isCode('unknown-voice'), JSON.stringify(bad));
  }
  assert.throws(() => parseVoiceId(42), isCode('unknown-voice', /No voice/));
  // Control characters and very long input never reach the message as they are.
  assert.throws(() => parseVoiceId(`x\u0007${'y'.repeat(500)}`), (error: unknown) => {
    assert.ok(error instanceof SpeechError);
    assert.ok(!error.message.includes('\u0007') && error.message.length < 200);
    return true;
  });
});

test('close matches: near spellings first, fragments after', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  const voices = ['neural:slt', 'piper:en_US-lessac-medium', 'piper:en_US-amy-medium', 'espeak:en', 'espeak:de'];
  assert.deepEqual(closeMatches('neural:stl', voices), ['neural:slt']);
  assert.deepEqual(closeMatches('piper:lessac', voices), ['piper:en_US-lessac-medium']);
  assert.deepEqual(closeMatches('ESPEAK:EN', voices).slice(0, 1), ['espeak:en']);
  assert.deepEqual(closeMatches('zzzzzzzz', voices), []);
});

test('engine check lists the engines and the nearest one', () => {
  const engines = ['neural', 'flite', 'piper', 'kokoro', 'espeak'];
  assert.deepEqual(resolveEngine('piper:x', engines), { engine: 'piper', voiceName: 'x' });
  assert.throws(() => resolveEngine('pipr:x', engines), isCode('unknown-voice', /Did you mean piper\?.*Engines: espeak, flite, kokoro, neural, piper/));
});

const installed: VoiceInfo = { id: 'neural:slt', engine: 'neural', language: 'en-US', sampleRate: 22050, installed: true, license: 'MIT', description: 'slt' };
const manifest = {
  voices: [
    { id: 'piper:en_US-lessac-medium', engine: 'piper', language: 'en-US', sampleRate: 22050, license: 'see card', description: 'Lessac', files: [{ url: 'https://h/x', size: 1, md5: '0'.repeat(32), path: 'piper/x' }] },
    { id: 'neural:slt', engine: 'neural', language: 'en-US', sampleRate: 22050, license: 'MIT', description: 'dup', files: [{ url: 'https://h/y', size: 1, path: 'y' }] },
  ],
};

test('listVoices merge: installed voices from engines plus fetchable ones from the manifest', () => {
  const merged = mergeVoices([installed], manifest);
  assert.equal(merged.length, 2);
  assert.deepEqual(merged[0], installed, "an engine's own entry wins");
  const lessac = merged.find((v) => v.id === 'piper:en_US-lessac-medium');
  assert.equal(lessac?.installed, false);
  assert.equal(lessac?.fetchCommand, 'npm run models -- fetch piper:en_US-lessac-medium');
});

test('findVoice: installed, not installed (with the fetch command), unknown (with suggestions)', () => {
  const voices = mergeVoices([installed], manifest);
  assert.equal(findVoice('neural:slt', voices).id, 'neural:slt');
  assert.throws(() => findVoice('piper:en_US-lessac-medium', voices), isCode('voice-not-installed', /npm run models -- fetch piper:en_US-lessac-medium/));
  assert.throws(() => findVoice('neural:sl', voices), isCode('unknown-voice', /Did you mean neural:slt\?/));
  assert.throws(() => findVoice('neural:zzzzzzzz', voices), isCode('unknown-voice', /There is no voice "neural:zzzzzzzz"\. Some that are: neural:slt/));
  assert.throws(() => findVoice('piper:en_US-amy-low', voices, ['piper:en_US-amy-low']), isCode('voice-not-installed', /fetch piper:en_US-amy-low/));
  assert.throws(() => findVoice('slt', voices), isCode('unknown-voice', /not a voice id/));
  assert.throws(() => findVoice('neural:x\u001b[2J\u202Eevil', voices), isCode('unknown-voice', /"neural:xevil"/));
});
