import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTextLimits, defaultMaxCharacters, prepareUtterance, TextRejectedError } from '../../src/text/text-limits.ts';

function rejected(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof TextRejectedError, `expected a TextRejectedError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.ok(error.message.length > 10, 'the message says what is wrong');
    return true;
  };
}

describe('checkTextLimits', () => {
  it('returns the trimmed text', () => assert.equal(checkTextLimits('  hi there \n'), 'hi there'));

  for (const empty of ['', '   ', '\n\t\r', '\u0000\u0007']) {
    it(`rejects ${JSON.stringify(empty)} as empty`, () => assert.throws(() => checkTextLimits(empty), rejected('empty-text')));
  }

  it('accepts exactly the limit and rejects one more', () => {
    assert.equal(checkTextLimits('a'.repeat(50), 50).length, 50);
    assert.throws(() => checkTextLimits('a'.repeat(51), 50), rejected('text-too-long'));
  });

  it('says how long the text is and what the limit is', () => {
    assert.throws(
      () => checkTextLimits('a'.repeat(1500)),
      (error: unknown) => error instanceof TextRejectedError && /1,500/u.test(error.message) && /1,000/u.test(error.message),
    );
    assert.equal(defaultMaxCharacters, 1000);
  });

  it('counts emoji as one character each', () => {
    assert.equal(checkTextLimits('😀'.repeat(10), 10), '😀'.repeat(10));
    assert.throws(() => checkTextLimits('😀'.repeat(11), 10), rejected('text-too-long'));
  });

  it('rejects a nonsensical limit', () => assert.throws(() => checkTextLimits('hi', 0), RangeError));
});

describe('prepareUtterance', () => {
  it('normalises English and splits sentences', () => {
    assert.deepEqual(prepareUtterance('Dr. Smith paid $3.50 at 10:30. It was 50% off!', { language: 'en-US' }), [
      'Dr. Smith paid three dollars fifty cents at ten thirty.',
      'It was fifty percent off!',
    ]);
  });

  it('does not apply English rules to other languages', () => {
    assert.deepEqual(prepareUtterance('Es kostet 5 Euro. Danke.', { language: 'de' }), ['Es kostet 5 Euro.', 'Danke.']);
  });

  it('treats a missing language as English', () => {
    assert.deepEqual(prepareUtterance('I have 2 cats.'), ['I have two cats.']);
  });

  it('enforces maxCharacters before doing any work', () => {
    assert.throws(() => prepareUtterance('word '.repeat(30), { maxCharacters: 20 }), rejected('text-too-long'));
  });

  it('rejects empty text', () => assert.throws(() => prepareUtterance(' \n ', { language: 'en' }), rejected('empty-text')));

  it('cuts long sentences to maxSentenceLength', () => {
    const sentences = prepareUtterance('blah '.repeat(100), { maxSentenceLength: 50 });
    assert.ok(sentences.length >= 10);
    for (const sentence of sentences) assert.ok(sentence.length <= 50);
  });
});
