import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countScripts, dominantScript, languageName, languageReads, likelyLanguage } from '../../src/text/script-detection.ts';

test('the script most letters are in is found; digits, punctuation and emoji do not count', () => {
  const cases: [string, string | null][] = [
    ['Hello there, 123!', 'Latin'],
    ['Привет, как дела?', 'Cyrillic'],
    ['مرحبا، كيف حالك؟', 'Arabic'],
    ['こんにちは、今日はいい天気ですね。', 'Japanese'],
    ['カタカナだけ', 'Japanese'],
    ['今日は', 'Japanese'],
    ['你好，今天天气很好。', 'Han'],
    ['안녕하세요', 'Hangul'],
    ['Καλημέρα', 'Greek'],
    ['שלום עולם', 'Hebrew'],
    ['नमस्ते दुनिया', 'Devanagari'],
    ['สวัสดีครับ', 'Thai'],
    ['გამარჯობა', 'Georgian'],
    ['Ça va? Ünïcödé façade', 'Latin'],
    ['12345 !!! 🔥', null],
    ['', null],
  ];
  for (const [text, script] of cases) assert.equal(dominantScript(text), script, text);
});

test('a mixed message is counted per script, the larger part first', () => {
  assert.deepEqual(countScripts('hello мир мир'), [{ script: 'Cyrillic', letters: 6 }, { script: 'Latin', letters: 5 }]);
  assert.equal(dominantScript('I said こんにちは to everyone in the room'), 'Latin');
});

test('a voice language reads its own script only (Japanese voices also read Han)', () => {
  assert.equal(languageReads('en-US', 'Latin'), true);
  assert.equal(languageReads('en-US', 'Japanese'), false);
  assert.equal(languageReads('de', 'Cyrillic'), false);
  assert.equal(languageReads('ru', 'Cyrillic'), true);
  assert.equal(languageReads('ja', 'Han'), true);
  assert.equal(languageReads('zh', 'Japanese'), false);
  assert.equal(languageReads('cmn', 'Han'), true);
  assert.equal(languageReads('ar', 'Arabic'), true);
  assert.equal(languageReads('fa', 'Arabic'), true);
  assert.equal(languageReads('ko-KR', 'Hangul'), true);
});

test('the likely language of a script, with Ukrainian and Persian letters told apart', () => {
  assert.equal(likelyLanguage('Cyrillic', 'Привет'), 'ru');
  assert.equal(likelyLanguage('Cyrillic', 'Привіт, як справи? Їжак'), 'uk');
  assert.equal(likelyLanguage('Arabic', 'مرحبا'), 'ar');
  assert.equal(likelyLanguage('Arabic', 'سلام، چطوری؟'), 'fa');
  assert.equal(likelyLanguage('Japanese', 'こんにちは'), 'ja');
  assert.equal(likelyLanguage('Han', '你好'), 'zh');
  assert.equal(likelyLanguage('Hangul', '안녕'), 'ko');
  assert.equal(likelyLanguage('Latin', 'hello'), 'en');
  assert.equal(languageName('ja'), 'Japanese');
  assert.equal(languageName('ru'), 'Russian');
});
