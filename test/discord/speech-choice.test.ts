import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VoiceInfo } from '../../src/generator/speech-request.ts';
import { chooseVoiceAndSpeed, formatVoiceList, suggestVoices, voiceProblem } from '../../src/discord/speech-choice.ts';

const voice = (id: string, installed = true, extra: Partial<VoiceInfo> = {}): VoiceInfo => ({
  id, engine: id.split(':')[0], language: 'en-US', sampleRate: 16000, installed, license: 'MIT', description: `voice ${id}`, ...extra,
});

test('command option beats member choice beats server default beats bot default', () => {
  const none = { voice: null, speed: null };
  assert.deepEqual(chooseVoiceAndSpeed(none, none, { voice: null, speed: 1 }, 'neural:slt'), { voice: 'neural:slt', speed: 1 });
  assert.deepEqual(chooseVoiceAndSpeed(none, none, { voice: 'flite:kal', speed: 1.2 }, 'neural:slt'), { voice: 'flite:kal', speed: 1.2 });
  assert.deepEqual(chooseVoiceAndSpeed(none, { voice: 'piper:a', speed: 0.8 }, { voice: 'flite:kal', speed: 1.2 }, 'x:y'), { voice: 'piper:a', speed: 0.8 });
  assert.deepEqual(chooseVoiceAndSpeed({ voice: 'espeak:de', speed: 2 }, { voice: 'piper:a', speed: 0.8 }, { voice: null, speed: 1 }, 'x:y'), { voice: 'espeak:de', speed: 2 });
});

test('unknown and uninstalled voices are explained', () => {
  const voices = [voice('neural:slt'), voice('piper:lessac', false, { fetchCommand: 'npm run models -- fetch piper:lessac' })];
  assert.equal(voiceProblem('neural:slt', voices), null);
  assert.match(voiceProblem('nope:x', voices) ?? '', /do not know the voice "nope:x"/);
  assert.match(voiceProblem('piper:lessac', voices) ?? '', /not installed.*npm run models -- fetch piper:lessac/);
});

test('autocomplete offers installed voices matching the typed text, at most 25, within name limits', () => {
  const voices = [...Array.from({ length: 40 }, (_, i) => voice(`piper:v${i}`)), voice('flite:kal'), voice('neural:x', false)];
  assert.equal(suggestVoices(voices, '').length, 25);
  assert.deepEqual(suggestVoices(voices, 'KAL'), [{ name: 'flite:kal (en-US)', value: 'flite:kal' }]);
  assert.deepEqual(suggestVoices(voices, 'neural'), [], 'uninstalled voices are not offered');
  const long = suggestVoices([voice(`piper:${'x'.repeat(200)}`)], '');
  assert.ok(long[0].name.length <= 100 && long[0].value.length <= 100);
});

test('the voice list fits one message', () => {
  const text = formatVoiceList(Array.from({ length: 300 }, (_, i) => voice(`piper:voice-number-${i}`)));
  assert.ok(text.length <= 2000);
  assert.match(text, /and \d+ more/);
  assert.match(formatVoiceList([]), /No voices are installed/);
});
