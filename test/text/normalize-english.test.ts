import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeEnglish } from '../../src/text/normalize-english.ts';

const cases: ReadonlyArray<readonly [string, string]> = [
  ['I have 42 cats.', 'I have forty two cats.'],
  ['0', 'zero'],
  ['It is 7', 'It is seven'],
  ['1,234,567 people', 'one million two hundred thirty four thousand five hundred sixty seven people'],
  ['1000000', 'one million'],
  ['Pi is 3.14', 'Pi is three point one four'],
  ['-7 degrees', 'minus seven degrees'],
  ['It fell to -2.5 today', 'It fell to minus two point five today'],
  ['Agent 007', 'Agent zero zero seven'],
  ['1, 2, 3.', 'one, two, three.'],
  ['It was 5.', 'It was five.'],
  ['the 1st, 2nd, 3rd and 4th', 'the first, second, third and fourth'],
  ['the 21st century', 'the twenty first century'],
  ['my 100th post', 'my one hundredth post'],
  ['the 12th of May', 'the twelfth of May'],
  ['It costs $3.50 today.', 'It costs three dollars fifty cents today.'],
  ['$1', 'one dollar'],
  ['$0.99', 'ninety nine cents'],
  ['$2.00', 'two dollars'],
  ['$1,250', 'one thousand two hundred fifty dollars'],
  ['$5 million', 'five million dollars'],
  ['$20k', 'twenty thousand dollars'],
  ['-$5', 'minus five dollars'],
  ['£2.01', 'two pounds one penny'],
  ['£10', 'ten pounds'],
  ['€1.50', 'one euro fifty cents'],
  ['€3.5 billion', 'three point five billion euros'],
  ['50% off', 'fifty percent off'],
  ['It grew 3.5 %', 'It grew three point five percent'],
  ['Meet at 10:30.', 'Meet at ten thirty.'],
  ['At 9:05 pm', 'At nine oh five p m'],
  ['at 12:00', "at twelve o'clock"],
  ['by 7:00 a.m.', 'by seven a m'],
  ['23:45', 'twenty three forty five'],
  ['in 1999', 'in nineteen ninety nine'],
  ['since 2008', 'since two thousand eight'],
  ['in 2024', 'in twenty twenty four'],
  ['in 1905', 'in nineteen oh five'],
  ['the 1990s', 'the nineteen nineties'],
  ['the 80s', 'the eighties'],
  ['you & me', 'you and me'],
  ['2 + 2 = 4', 'two plus two equals four'],
  ['#1 fan', 'number one fan'],
  ['20°C outside', 'twenty degrees Celsius outside'],
  ['ping me @ noon', 'ping me at noon'],
  ['see https://example.com/a?b=1 now', 'see https://example.com/a?b=1 now'],
  ['mail me@example.com today', 'mail me@example.com today'],
  ['mp3 and A4 and COVID19', 'mp3 and A4 and COVID19'],
  ['version 1.2.3', 'version 1.2.3'],
  ['no numbers here', 'no numbers here'],
];

describe('normalizeEnglish', () => {
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.equal(normalizeEnglish(input), expected));
  }

  it('has at least 30 table cases', () => assert.ok(cases.length >= 30));

  it('leaves no plain digits behind in ordinary prose numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (n) => {
        const spoken = normalizeEnglish(`I counted ${n} sheep.`);
        assert.doesNotMatch(spoken, /\d/u);
        assert.match(spoken, /^I counted (minus )?[a-z ]+ sheep\.$/u);
      }),
      { numRuns: 200 },
    );
  });

  it('is idempotent', () => {
    for (const [input] of cases) {
      const once = normalizeEnglish(input);
      assert.equal(normalizeEnglish(once), once, input);
    }
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        assert.equal(typeof normalizeEnglish(text), 'string');
      }),
      { numRuns: 300 },
    );
  });
});
