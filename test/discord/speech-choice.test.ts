import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VoiceInfo } from '../../src/generator/speech-request.ts';
import { chooseVoiceAndSpeed, formatVoiceList, suggestVoices, voiceForText, voiceProblem } from '../../src/discord/speech-choice.ts';

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
  assert.match(voiceProblem('nope:x', voices) ?? '', /There is no voice "nope:x"\..*\/voice list/);
  assert.match(voiceProblem('neural:sl', voices) ?? '', /Did you mean neural:slt\?/);
  assert.match(voiceProblem('slt', voices) ?? '', /"slt" is not a voice id/);
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

test('a voice that cannot read the text\'s script is replaced by one that can, in a fixed order', () => {
  const voices = [
    voice('neural:slt'), voice('espeak:en-us'), voice('espeak:ja', true, { language: 'ja' }), voice('espeak:ru', true, { language: 'ru' }),
    voice('espeak:uk', true, { language: 'uk' }), voice('espeak:ar', true, { language: 'ar' }), voice('espeak:cmn', true, { language: 'zh' }),
    voice('piper:ru_RU-irina', true, { language: 'ru-RU' }), voice('piper:ja_JP-x', false, { language: 'ja-JP' }),
  ];
  const guild = { voice: null, languageFallback: true, languageVoices: {} };
  const choose = (text: string, settings: { languageVoices?: Record<string, string> } = {}, chosen = 'neural:slt') =>
    voiceForText(chosen, text, voices, { ...guild, ...settings }, 'neural:slt');
  assert.deepEqual(choose('Hello there'), { ok: true, voice: 'neural:slt', script: 'Latin', switched: false });
  assert.deepEqual(choose('12345 !!!'), { ok: true, voice: 'neural:slt', script: null, switched: false });
  assert.deepEqual(choose('こんにちは'), { ok: true, voice: 'espeak:ja', script: 'Japanese', switched: true });
  assert.deepEqual(choose('مرحبا بكم'), { ok: true, voice: 'espeak:ar', script: 'Arabic', switched: true });
  assert.deepEqual(choose('Привет всем'), { ok: true, voice: 'espeak:ru', script: 'Cyrillic', switched: true });
  assert.deepEqual(choose('Привіт усім'), { ok: true, voice: 'espeak:uk', script: 'Cyrillic', switched: true });
  assert.deepEqual(choose('你好'), { ok: true, voice: 'espeak:cmn', script: 'Han', switched: true });
  // The server's voice for the language wins; an uninstalled one is skipped.
  assert.deepEqual(choose('Привет', { languageVoices: { ru: 'piper:ru_RU-irina' } }), { ok: true, voice: 'piper:ru_RU-irina', script: 'Cyrillic', switched: true });
  assert.deepEqual(choose('こんにちは', { languageVoices: { ja: 'piper:ja_JP-x' } }), { ok: true, voice: 'espeak:ja', script: 'Japanese', switched: true });
  // A Russian voice reading English text falls back to the server's or the bot's default voice.
  assert.deepEqual(choose('hello', {}, 'espeak:ru'), { ok: true, voice: 'neural:slt', script: 'Latin', switched: true });
  assert.deepEqual(choose('Привет', {}, 'espeak:ru'), { ok: true, voice: 'espeak:ru', script: 'Cyrillic', switched: false });
});

test('with the fallback off, or no voice for the script, the member gets a clear sentence', () => {
  const voices = [voice('neural:slt')];
  const off = voiceForText('neural:slt', 'こんにちは', voices, { voice: null, languageFallback: false, languageVoices: {} }, 'neural:slt');
  assert.deepEqual(off, {
    ok: false,
    message: 'The voice neural:slt cannot read Japanese (Japanese script), and this server turned off switching voices for other languages. '
      + 'Pick a voice that can with the voice option (see /voice list).',
  });
  const none = voiceForText('neural:slt', 'Привет', voices, { voice: null, languageFallback: true, languageVoices: {} }, 'neural:slt');
  assert.deepEqual(none, { ok: false, message: 'The voice neural:slt cannot read Russian (Cyrillic script), and no installed voice can.' });
});
