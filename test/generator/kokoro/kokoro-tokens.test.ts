import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KokoroConfigError,
  normalizeEspeakIpa,
  padTokens,
  parseKokoroVocab,
  selectStyle,
  splitPhonemeBatches,
  tokenize,
} from '../../../src/generator/kokoro/kokoro-tokens.ts';

// A slice of Kokoro's real vocab (hexgrad/Kokoro-82M config.json).
const vocab = parseKokoroVocab(
  { vocab: { ';': 1, ':': 2, ',': 3, '.': 4, '!': 5, '?': 6, ' ': 16, a: 43, b: 44, h: 50, k: 53, l: 54, 'ə': 83, 'ˈ': 156, 'ɹ': 123, 'o': 57, 'ʊ': 135 } },
  'config.json',
);

test('vocab is read from config.json and broken vocabs are clear errors', () => {
  assert.equal(vocab.get('ə'), 83);
  assert.throws(() => parseKokoroVocab({}, 'c.json'), (e: unknown) => e instanceof KokoroConfigError && /c\.json.*vocab/.test(e.message));
  assert.throws(() => parseKokoroVocab({ vocab: { ab: 1 } }, 'c.json'), /"ab"/);
  assert.throws(() => parseKokoroVocab({ vocab: { a: 0 } }, 'c.json'), /id > 0/);
  assert.throws(() => parseKokoroVocab({ vocab: {} }, 'c.json'), /empty/);
});

test('espeak IPA is cleaned up as kokoro-onnx does', () => {
  assert.equal(normalizeEspeakIpa('mˈɪsəz ɡˈʊdʒ ', 'en-us'), 'mˈɪsəz ɡˈʊdʒ');
  assert.equal(normalizeEspeakIpa('pʲ r x ɬ', 'en-us'), 'pj ɹ k l');
  assert.equal(normalizeEspeakIpa('kəkˈoːɹoʊ', 'en-us'), 'kˈoʊkəɹoʊ');
  assert.equal(normalizeEspeakIpa('nˈaɪnti', 'en-us'), 'nˈaɪndi');
  assert.equal(normalizeEspeakIpa('nˈaɪnti', 'en-gb'), 'nˈaɪnti');
  assert.equal(normalizeEspeakIpa('wˈʌn z.', 'en-us'), 'wˈʌnz.');
});

test('tokens are one per code point with unknown ones dropped and counted; pads frame the model input', () => {
  const { ids, missing } = tokenize('həlˈoʊ, ☃', vocab);
  assert.deepEqual(ids, [50, 83, 54, 156, 57, 135, 3, 16]);
  assert.deepEqual([...missing], [['☃', 1]]);
  assert.deepEqual([...padTokens([50, 83])], [0n, 50n, 83n, 0n]);
});

test('long phoneme strings split into batches of at most 510 tokens, at punctuation first, then spaces', () => {
  const clause = `${'ab '.repeat(50).trim()}, `; // 150 tokens incl. comma and space
  const text = clause.repeat(5);
  const batches = splitPhonemeBatches(text, vocab);
  assert.ok(batches.length >= 2);
  for (const batch of batches) {
    assert.ok(tokenize(batch, vocab).ids.length <= 510);
    assert.ok(batch.endsWith(',') || batch === batches[batches.length - 1]);
  }
  assert.equal(batches.join(' ').replaceAll(' ', ''), text.replaceAll(' ', ''));
  // No punctuation: cut at a space; no space either: cut anyway.
  const words = splitPhonemeBatches('ab '.repeat(300), vocab);
  assert.ok(words.every((b) => tokenize(b, vocab).ids.length <= 510 && !b.startsWith(' ')));
  assert.equal(splitPhonemeBatches('a'.repeat(1100), vocab).map((b) => b.length).join(), '510,510,80');
  assert.deepEqual(splitPhonemeBatches('həlˈoʊ.', vocab), ['həlˈoʊ.']);
});

test('the style row is chosen by token count and clamped to the pack', () => {
  const rows = 510;
  const data = new Float32Array(rows * 256);
  for (let r = 0; r < rows; r++) data.fill(r, r * 256, (r + 1) * 256);
  const pack = { shape: [rows, 1, 256], data };
  assert.equal(selectStyle(pack, 12)[0], 12);
  assert.equal(selectStyle(pack, 12).length, 256);
  assert.equal(selectStyle(pack, 0)[255], 0);
  assert.equal(selectStyle(pack, 9999)[0], 509);
});
