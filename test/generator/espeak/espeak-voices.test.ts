import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bcp47Of, parseVoiceTable, variantNames, withLanguageAliases } from '../../../src/generator/espeak/espeak-voices.ts';
import { rateForSpeed } from '../../../src/generator/espeak/espeak-rate.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';

const table = [
  'Pty Language       Age/Gender VoiceName          File                 Other Languages',
  ' 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)',
  ' 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)',
  ' 5  fr-be           --/M      French_(Belgium)   roa/fr-BE            (fr 8)',
  ' 5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)',
  ' 5  variant         --/M      Adam               !v/adam              ',
  ' 5  variant         --/F      f3                 !v/f3                ',
];

describe('espeak voice table', () => {
  it('parses languages, names and priorities', () => {
    const entries = parseVoiceTable(table);
    assert.equal(entries.length, 6);
    assert.deepEqual(entries[0], {
      code: 'en-gb', name: 'English (Great Britain)', file: 'gmw/en', otherLanguages: [{ code: 'en', priority: 2 }],
    });
    assert.deepEqual(variantNames(entries), ['adam', 'f3']);
  });

  it('adds other-language codes as aliases of the preferred voice', () => {
    const entries = withLanguageAliases(parseVoiceTable(table).filter((e) => !e.file.startsWith('!v/')));
    const byCode = new Map(entries.map((e) => [e.code, e]));
    assert.equal(byCode.get('en')?.name, 'English (Great Britain)');
    assert.equal(byCode.get('fr')?.name, 'French (France)');
    assert.equal(entries.length, 6);
  });

  it('writes codes as BCP-47 tags where they are ones', () => {
    assert.equal(bcp47Of('en-us'), 'en-US');
    assert.equal(bcp47Of('cmn-latn-pinyin'), 'zh-Latn-pinyin'); // Intl canonicalises the macrolanguage
    assert.equal(bcp47Of('en-gb-x-rp'), 'en-GB-x-rp');
    assert.equal(bcp47Of('not_a_tag!'), 'not_a_tag!');
  });
});

describe('rateForSpeed', () => {
  it('maps 0.5..2.5 around espeak-ng default of 175 wpm', () => {
    assert.equal(rateForSpeed(undefined), 175);
    assert.equal(rateForSpeed(1), 175);
    assert.equal(rateForSpeed(0.5), 88);
    assert.equal(rateForSpeed(2.5), 438);
  });
  it('rejects out-of-range speeds with a friendly SpeechError', () => {
    for (const speed of [0, 0.4, 2.51, -1, Number.NaN]) {
      assert.throws(() => rateForSpeed(speed), (e: unknown) => e instanceof SpeechError && e.code === 'invalid-parameter' && /0\.5 to 2\.5/u.test(e.message));
    }
  });
});

