import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kokoroPhonemes, normalizeKokoroText, splitAtPunctuation } from '../../../src/generator/kokoro/kokoro-text.ts';

test('English normalisation spells out titles, times, years, money, decimals, ranges and initials', () => {
  const cases: [string, string][] = [
    ['Dr. Smith and Mr. Jones', 'Doctor Smith and Mister Jones'],
    ['DR. Brown', 'Doctor Brown'],
    ['Ms. Taylor, Mrs. Wilson', 'Miss Taylor, Mrs Wilson'],
    ['Apples, etc.', 'Apples, etc'],
    ['It is 3:30, not 3:05 or 3:00.', "It is 3 30, not 3 oh 5 or 3 o'clock."],
    ['In 1999, 2008, 1905 and the 1980s', 'In 19 99, 2008, 19 oh 5 and the 19 80s'],
    ['2000 and 1000 stay', '2000 and 1000 stay'],
    ['$5.50, $1, £1.01, $3 million', '5 dollars and 50 cents, 1 dollar, 1 pound and 1 penny, 3 million dollars'],
    ['3.14 and 0.5', '3 point 1 4 and 0 point 5'],
    ['1,000 people, pages 10-20', '1000 people, pages 10 to 20'],
    ['(twice) “quoted” ‘single’', '«twice» "quoted" \'single\''],
    ['The U.S.A. is big', 'The U-S-A- is big'],
    ['Yeah, yea', "Ye'a, ye'a"],
  ];
  for (const [text, expected] of cases) assert.equal(normalizeKokoroText(text), expected, text);
});

test('punctuation runs, with their spaces, are kept apart from the words; nothing is lost', () => {
  const text = 'Well — that was "odd", right?! (Yes.)';
  const sections = splitAtPunctuation(text);
  assert.equal(sections.map((s) => s.text).join(''), text);
  assert.deepEqual(
    sections.map((s) => [s.punctuation, s.text]),
    [[false, 'Well'], [true, ' — '], [false, 'that was'], [true, ' "'], [false, 'odd'], [true, '", '], [false, 'right'],
      [true, '?! ('], [false, 'Yes'], [true, '.)']],
  );
});

test('only the words go to espeak-ng, in one run as clauses; punctuation and the IPA clean-up make the rest', async () => {
  const asked: string[] = [];
  const ipa: Record<string, string[]> = {
    'Doctor Who, ran 19 99': ['dˈɑːktɚ hˈuː, ɹˈæn nˈaɪntiːn nˈaɪnti nˈaɪn'],
    'Doctor Who': ['dˈɑːktɚ hˈuː'],
    'ran 19 99': ['ɹˈæn', 'nˈaɪntiːn nˈaɪnti nˈaɪn'],
  };
  const espeakIpa = async (words: string) => {
    asked.push(words);
    return ipa[words];
  };
  const american = { espeakVoice: 'en-us', normalizeEnglish: true };
  const expected = 'dˈɑːktɚ hˈuː — ɹˈæn nˈaɪntiːn nˈaɪndi nˈaɪn!';
  assert.equal(await kokoroPhonemes('Dr. Who — ran 1999!', american, espeakIpa), expected);
  assert.deepEqual(asked, ['Doctor Who, ran 19 99']);

  // A stretch that comes back empty (or split) in the joint run: each stretch is phonemised on its own.
  ipa['Doctor Who, ran 19 99'] = ['dˈɑːktɚ hˈuː'];
  asked.length = 0;
  assert.equal(await kokoroPhonemes('Dr. Who — ran 1999!', american, espeakIpa), expected);
  assert.deepEqual(asked, ['Doctor Who, ran 19 99', 'Doctor Who', 'ran 19 99']);

  const spanish = await kokoroPhonemes('Dr. Sí', { espeakVoice: 'es', normalizeEnglish: false }, async (w) => [w]);
  assert.equal(spanish, 'Dɹ. Sí', 'no English rules for other languages (r -> ɹ is the IPA clean-up)');
});
