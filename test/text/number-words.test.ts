import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digitsToWords, integerToWords, numberToWords, ordinalToWords, yearToWords } from '../../src/text/number-words.ts';

describe('number words', () => {
  const integers: ReadonlyArray<readonly [string, string]> = [
    ['0', 'zero'], ['13', 'thirteen'], ['20', 'twenty'], ['99', 'ninety nine'], ['100', 'one hundred'],
    ['101', 'one hundred one'], ['1000', 'one thousand'], ['1001', 'one thousand one'],
    ['1000001', 'one million one'], ['2000000000', 'two billion'], ['000123', 'one hundred twenty three'],
  ];
  for (const [digits, words] of integers) it(`integer ${digits}`, () => assert.equal(integerToWords(digits), words));

  it('reads very long digit runs digit by digit', () => {
    assert.equal(integerToWords('1'.repeat(25)).split(' ').length, 25);
  });

  it('decimals, signs and separators', () => {
    assert.equal(numberToWords('-0.5'), 'minus zero point five');
    assert.equal(numberToWords('1,000.25'), 'one thousand point two five');
    assert.equal(digitsToWords('042'), 'zero four two');
  });

  const ordinals: ReadonlyArray<readonly [string, string]> = [
    ['1', 'first'], ['2', 'second'], ['3', 'third'], ['4', 'fourth'], ['5', 'fifth'], ['8', 'eighth'],
    ['9', 'ninth'], ['12', 'twelfth'], ['20', 'twentieth'], ['23', 'twenty third'], ['1000', 'one thousandth'],
  ];
  for (const [digits, words] of ordinals) it(`ordinal ${digits}`, () => assert.equal(ordinalToWords(digits), words));

  const years: ReadonlyArray<readonly [string, string]> = [
    ['1999', 'nineteen ninety nine'], ['1900', 'nineteen hundred'], ['1905', 'nineteen oh five'],
    ['2000', 'two thousand'], ['2009', 'two thousand nine'], ['2010', 'twenty ten'], ['1066', 'ten sixty six'],
  ];
  for (const [digits, words] of years) it(`year ${digits}`, () => assert.equal(yearToWords(digits), words));

  it('rejects what is not a number', () => {
    assert.throws(() => integerToWords('12a'), RangeError);
    assert.throws(() => numberToWords('abc'), RangeError);
  });
});
