import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPiperVoiceConfig } from '../../../src/generator/piper/piper-voice-config.ts';
import { espeakSentencesToIds, phonemesToIds, sentencesToIds, splitPhonemes } from '../../../src/generator/piper/phoneme-ids.ts';
import { sharedModel, skipUnless } from '../../helpers/test-requirements.ts';

const CONFIG_PATH = new URL('../../../../shared/models/piper-random-medium/en_US-random-medium.onnx.json', import.meta.url)
  .pathname;
const skip = skipUnless(sharedModel('piper-random-medium/en_US-random-medium.onnx.json'));
const config = skip ? (undefined as never) : await loadPiperVoiceConfig(CONFIG_PATH);

test('"Hello there," gives the 27 ids Piper makes: ^ _ then each phoneme followed by _, then $', { skip }, () => {
  const { ids, missing } = phonemesToIds('həlˈoʊ ðˈɛɹ,', config);
  assert.equal(ids.length, 27);
  // Hand-written from the voice's phoneme_id_map: ^=1 _=0 h=20 ə=59 l=24 ˈ=120 o=27 ʊ=100 space=3 ð=41 ɛ=61 ɹ=88 ,=8 $=2
  assert.deepEqual(ids, [1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 3, 0, 41, 0, 120, 0, 61, 0, 88, 0, 8, 0, 2]);
  assert.equal(missing.size, 0);
});

test('more sentences map code point by code point with pads between', { skip }, () => {
  // "This is a test." as espeak-ng en-us writes it.
  assert.deepEqual(phonemesToIds('ðɪs ɪz ɐ tˈɛst.', config).ids, [
    1, 0, 41, 0, 74, 0, 31, 0, 3, 0, 74, 0, 38, 0, 3, 0, 50, 0, 3, 0, 32, 0, 120, 0, 61, 0, 31, 0, 32, 0, 10, 0, 2,
  ]);
  // Length marks and secondary stress are phonemes of their own.
  assert.deepEqual(phonemesToIds('jˈuː ˌæŋk?', config).ids, [
    1, 0, 22, 0, 120, 0, 33, 0, 122, 0, 3, 0, 121, 0, 39, 0, 44, 0, 23, 0, 13, 0, 2,
  ]);
  // Empty IPA still frames the sentence: ^ _ $.
  assert.deepEqual(phonemesToIds('', config).ids, [1, 0, 2]);
});

test('unknown phonemes are skipped and counted, not mapped to anything', { skip }, () => {
  const { ids, missing } = phonemesToIds('h☃əl☃', config);
  assert.deepEqual(ids, [1, 0, 20, 0, 59, 0, 24, 0, 2]);
  assert.deepEqual([...missing], [['☃', 2]]);
});

test('input is decomposed (NFD) before mapping, like piper-phonemize', { skip }, () => {
  // Precomposed ç (U+00E7) becomes c + combining cedilla (U+0327); both are in Piper's default map.
  assert.deepEqual(splitPhonemes('ç'), ['c', '\u0327']);
  const { ids, missing } = phonemesToIds('ç', config);
  assert.deepEqual(ids, [1, 0, 16, 0, config.phonemeIdMap.get('\u0327')?.[0], 0, 2]);
  assert.equal(missing.size, 0);
});

test('a voice phoneme_map substitutes before id lookup and multi-id phonemes keep their order', () => {
  const tables = {
    phonemeIdMap: new Map<string, readonly number[]>([
      ['_', [0]], ['^', [1]], ['$', [2]], ['k', [5]], ['x', [7, 8]],
    ]),
    phonemeMap: new Map<string, readonly string[]>([['c', ['k']]]),
  };
  assert.deepEqual(phonemesToIds('cx', tables).ids, [1, 0, 5, 0, 7, 8, 0, 2]);
});

test('with the real espeak-ng phonemiser, "Hello there," becomes the README\'s 27 ids', { skip }, async () => {
  const { EspeakPhonemizer } = await import('../../../src/text/espeak-phonemizer.ts');
  const phonemizer = await EspeakPhonemizer.create();
  try {
    const [ipa, ...more] = await phonemizer.phonemize('Hello there,', config.espeakVoice ?? 'en-us');
    assert.equal(more.length, 0);
    assert.equal(ipa, 'həlˈoʊ ðˈɛɹ,');
    const { ids, missing } = phonemesToIds(ipa, config);
    assert.equal(ids.length, 27);
    assert.equal(missing.size, 0);
  } finally {
    phonemizer.close();
  }
});

test('sentencesToIds maps each sentence, drops sentences with nothing to say and sums the missing phonemes', () => {
  const tables = {
    phonemeIdMap: new Map<string, readonly number[]>([['_', [0]], ['^', [1]], ['$', [2]], ['a', [5]], ['.', [10]]]),
  };
  // Piper's phonemiser makes an empty sentence after a closing quote; one of unknown phonemes is as empty.
  const { sentences, missing } = sentencesToIds(['a.', '', '☃', 'a☃a'], tables);
  assert.deepEqual(sentences, [
    [1, 0, 5, 0, 10, 0, 2],
    [1, 0, 5, 0, 5, 0, 2],
  ]);
  assert.deepEqual([...missing], [['☃', 2]]);
});

test('espeak sentences ending in , : or ; keep the space Piper writes after them', { skip }, () => {
  // piper-phonemize: "Hello there," -> 'həlˈoʊ ðˈɛɹ, ' (29 ids); the phonemiser's sentence is trimmed.
  const { sentences } = espeakSentencesToIds(['həlˈoʊ ðˈɛɹ,', 'nˈoʊt:', 'ðˈɛɹ.'], config);
  assert.deepEqual(sentences.map((ids) => ids.length), [29, 17, 13]);
  assert.deepEqual(sentences[0].slice(-5), [8, 0, 3, 0, 2]); // , _ space _ $
});
