import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFirstClauseOptions, planSpeechPieces } from '../../../src/generator/pool/first-clause.ts';

const texts = (pieces: ReturnType<typeof planSpeechPieces>): string[] => pieces.map((p) => p.text);

test('a long first sentence with an early clause boundary is made in two calls; the rest stays whole', () => {
  const first = 'When the evening train finally pulled into the little station, the passengers hurried out into the night.';
  const second = 'Nobody said a word, and the platform was empty again within a minute or two at most.';
  const pieces = planSpeechPieces([first, second]);
  assert.deepEqual(texts(pieces), [
    'When the evening train finally pulled into the little station,',
    'the passengers hurried out into the night.',
    second,
  ]);
  assert.deepEqual(
    pieces.map((p) => p.continuesSentence),
    [false, true, false],
    'only the rest of the split sentence continues one',
  );
  assert.equal(texts(pieces).slice(0, 2).join(' '), first, 'nothing lost or changed at the cut');
});

test('short first sentences, sentences without a usable boundary and late boundaries are left whole', () => {
  const short = 'Hello there, how are you doing today?';
  assert.ok(short.length <= defaultFirstClauseOptions.minSentenceLength);
  assert.deepEqual(texts(planSpeechPieces([short, 'And you, my old friend?'])), [short, 'And you, my old friend?']);
  const noComma = 'This sentence has no clause punctuation at all so it has to be made in one single call.';
  assert.deepEqual(texts(planSpeechPieces([noComma])), [noComma]);
  const late = 'This sentence runs on for a long while before it reaches its only comma, then ends.';
  assert.ok(late.indexOf(',') > 0.75 * late.length, 'the boundary is late');
  assert.deepEqual(texts(planSpeechPieces([late])), [late]);
  assert.deepEqual(planSpeechPieces([]), []);
});

test('a clause too short for a call of its own is skipped for the next boundary', () => {
  const sentence = 'Well, when the evening train finally pulled in, the passengers hurried out into the cold night.';
  assert.deepEqual(texts(planSpeechPieces([sentence])), [
    'Well, when the evening train finally pulled in,',
    'the passengers hurried out into the cold night.',
  ]);
});

test('the limits are options', () => {
  const sentence = 'Short clause, and a rest that is long enough to matter here.';
  assert.equal(planSpeechPieces([sentence]).length, 1, 'not over the default 60 characters');
  const pieces = planSpeechPieces([sentence], { ...defaultFirstClauseOptions, minSentenceLength: 20, minClauseLength: 10 });
  assert.deepEqual(texts(pieces), ['Short clause,', 'and a rest that is long enough to matter here.']);
});
