import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bcp47Of, parseVoiceTable, variantNames, withLanguageAliases } from '../../../src/generator/espeak/espeak-voices.ts';
import { rateForSpeed } from '../../../src/generator/espeak/espeak-rate.ts';
import { decodePcm16Wav } from '../../../src/generator/espeak/espeak-wav.ts';
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

describe('decodePcm16Wav', () => {
  function wav(samples: readonly number[], dataSize?: number): Uint8Array {
    const bytes = new Uint8Array(44 + samples.length * 2);
    const view = new DataView(bytes.buffer);
    const ascii = (offset: number, text: string) => [...text].forEach((c, i) => (bytes[offset + i] = c.charCodeAt(0)));
    ascii(0, 'RIFF'); view.setUint32(4, 36 + samples.length * 2, true); ascii(8, 'WAVE'); ascii(12, 'fmt ');
    view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true); view.setUint32(24, 22050, true);
    view.setUint32(28, 44100, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true); ascii(36, 'data');
    view.setUint32(40, dataSize ?? samples.length * 2, true);
    samples.forEach((s, i) => view.setInt16(44 + 2 * i, s, true));
    return bytes;
  }
  it('decodes samples and rate', () => {
    const audio = decodePcm16Wav(wav([0, 16384, -32768, 32767]));
    assert.equal(audio.sampleRate, 22050);
    assert.deepEqual([...audio.samples], [0, 0.5, -1, 32767 / 32768]);
  });
  it('trusts the file length when the size field is unset (streamed WAV)', () => {
    assert.equal(decodePcm16Wav(wav([1, 2, 3], 0x7ffff000)).samples.length, 3);
  });
  it('rejects what is not a WAV', () => {
    assert.throws(() => decodePcm16Wav(new TextEncoder().encode('hello world, not a wav')), /RIFF/u);
  });
});
