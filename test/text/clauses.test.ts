import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitClauses } from '../../src/text/clauses.ts';

describe('splitClauses', () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
    ['Hello there, how are you?', [['Hello there,', ','], ['how are you?', '?']]],
    ['One; two: three!', [['One;', ';'], ['two:', ':'], ['three!', '!']]],
    ['No punctuation', [['No punctuation', '']]],
    ['Dr. Smith paid 3.50 dollars.', [['Dr. Smith paid 3.50 dollars.', '.']]],
    ['It costs 1,000 dollars.', [['It costs 1,000 dollars.', '.']]],
    ['He said "yes," then left.', [['He said "yes,"', ','], ['then left.', '.']]],
    ['Wait... what', [['Wait...', ','], ['what', '']]],
    ['Really?! Yes', [['Really?!', '!'], ['Yes', '']]],
    ['Party time! 🎉', [['Party time!', '!'], ['🎉', '']]],
    ['Party time 🎉.', [['Party time 🎉.', '.']]],
    ['Go "now!"', [['Go "now!"', '!']]],
    // German and French quotes close with “ ‘ « » too; the mark inside them still ends the clause (Piper keeps it).
    ['Er fragte: „Kommst du mit?“', [['Er fragte:', ':'], ['„Kommst du mit?“', '?']]],
    ['Er rief: »Halt!« Dann ging er.', [['Er rief:', ':'], ['»Halt!«', '!'], ['Dann ging er.', '.']]],
    ['Sie sagte ‚ja,‘ und ging.', [['Sie sagte ‚ja,‘', ','], ['und ging.', '.']]],
    // Dashes end no clause unless asked (see the next test).
    ['Not sure — maybe tomorrow.', [['Not sure — maybe tomorrow.', '.']]],
    ['你好，世界。', [['你好，', ','], ['世界。', '.']]],
    ['كيف حالك؟', [['كيف حالك؟', '?']]],
    ['नमस्ते।', [['नमस्ते।', '.']]],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () =>
      assert.deepEqual(splitClauses(input).map((c) => [c.text, c.punctuation]), expected));
  }
});

describe('splitClauses with dashes (Piper)', () => {
  const cases: [string, [string, string][]][] = [
    // A dash with spaces around it ends a clause, as espeak-ng does; Piper writes it as ";". Hyphens do not.
    ['Not sure — maybe tomorrow.', [['Not sure —', ';'], ['maybe tomorrow.', '.']]],
    ['She said – no.', [['She said –', ';'], ['no.', '.']]],
    ['A well-known fact - really.', [['A well-known fact - really.', '.']]],
    ['Wait—what?', [['Wait—what?', '?']]],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () =>
      assert.deepEqual(splitClauses(input, { dashes: true }).map((c) => [c.text, c.punctuation]), expected));
  }
});
