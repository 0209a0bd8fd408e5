import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EspeakPhonemizer } from '../../src/text/espeak-phonemizer.ts';

// Expected strings are espeak-ng's IPA in Piper's layout. The phonemes were checked against Debian's espeak-ng 1.51
// command line (`espeak-ng -q --ipa -v <voice> <text>`), which printed the same phonemes clause by clause.
const cases: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['en-us', 'Hello there,', ['həlˈoʊ ðˈɛɹ,']],
  ['en-us', 'The quick brown fox jumps over the lazy dog.', ['ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˌoʊvɚ ðə lˈeɪzi dˈɑːɡ.']],
  ['en-us', 'Hello there, how are you? I am fine; thanks!', ['həlˈoʊ ðˈɛɹ, hˈaʊ ɑːɹ juː?', 'aɪɐm fˈaɪn; θˈæŋks!']],
  ['en-gb', 'Tomato; water: schedule.', ['təmˈɑːtəʊ; wˈɔːtə: ʃˈɛdjuːl.']],
  ['de', 'Guten Tag, wie geht es Ihnen?', ['ɡˈuːtən tˈɑːk, viː ɡˈeːt ɛs ˈiːnən?']],
  ['fr', 'Bonjour, le monde!', ['bɔ̃ʒˈuʁ, lə- mˈɔ̃d!']],
  ['es', '¿Dónde está la biblioteca?', ['dˈonde estˈa la βˌiβliotˈeka?']],
  ['ru', 'Привет, как дела?', ['prʲivʲˈet, kˈɑk dʲˈeɭa?']],
];

describe('EspeakPhonemizer', () => {
  let phonemizer: EspeakPhonemizer;
  before(async () => {
    phonemizer = await EspeakPhonemizer.create();
  });
  after(() => phonemizer.close());

  for (const [voice, text, expected] of cases) {
    it(`${voice}: ${text}`, async () => assert.deepEqual(await phonemizer.phonemize(text, voice), expected));
  }

  it('keeps an abbreviation inside its sentence although espeak-ng ends a clause there', async () => {
    assert.deepEqual(await phonemizer.phonemize('Dr. Smith paid, then left.', 'en-us'), [
      'dˈɑːktɚ smˈɪθ pˈeɪd, ðˈɛn lˈɛft.',
    ]);
  });

  it('removes language-switch flags such as (en)', async () => {
    const [phonemes] = await phonemizer.phonemize('Bonjour, hello!', 'fr');
    assert.doesNotMatch(phonemes, /\(|\)/u);
    assert.match(phonemes, /,/u);
  });

  it('falls back clause by clause when its marker word appears in the text', async () => {
    const [phonemes] = await phonemizer.phonemize('Zxqv; tricky, yes.', 'en-us');
    assert.match(phonemes, /; tɹˈɪki, jˈɛs\.$/u);
  });

  it('returns nothing for text without anything to say', async () => {
    assert.deepEqual(await phonemizer.phonemize('   ', 'en-us'), []);
  });

  it('gives the same answer every time (the warm instance keeps no state)', async () => {
    const first = await phonemizer.phonemize('Read the book, then read it again.', 'en-us');
    await phonemizer.phonemize('Guten Tag!', 'de');
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(await phonemizer.phonemize('Read the book, then read it again.', 'en-us'), first);
    }
  });

  it('rejects an unknown voice with a message naming it, and keeps working after', async () => {
    await assert.rejects(phonemizer.phonemize('hello', 'xx-nope'), /xx-nope/u);
    await assert.rejects(phonemizer.phonemize('hello', 'bad voice; rm -rf'), /not an espeak-ng voice/u);
    assert.deepEqual(await phonemizer.phonemize('Hello there,', 'en-us'), ['həlˈoʊ ðˈɛɹ,']);
  });

  it('writtenStress keeps the dictionary stress where the --ipa output adds a tonic stress (Piper)', async () => {
    // "you" is unstressed; espeak-ng's intonation stresses the only syllable of a clause with none.
    assert.deepEqual(await phonemizer.phonemize('Hey, you!', 'en-us'), ['hˈeɪ, jˈuː!']);
    assert.deepEqual(await phonemizer.phonemize('Hey, you!', 'en-us', { writtenStress: true }), ['hˈeɪ, juː!']);
    assert.deepEqual(await phonemizer.phonemize('She was, however, not amused.', 'en-us', { writtenStress: true }), [
      'ʃiː wʌz, haʊˈɛvɚ, nˌɑːt ɐmjˈuːzd.',
    ]);
  });

  it('writtenStress sends SSML: markup characters are text, and a full stop still marks an abbreviation', async () => {
    for (const text of ['Use 5 < 6 & 7 > 3, always.', '<b>Bold</b> & co, fine.', 'He lives on Baker St.', 'It costs $3.50, ok?']) {
      assert.deepEqual(
        await phonemizer.phonemize(text, 'en-us', { writtenStress: true }),
        await phonemizer.phonemize(text, 'en-us'),
        text,
      );
    }
  });

  it('writtenStress: runs of dots and commas inside a clause take no exponential time', { timeout: 20_000 }, async () => {
    // 32 runs of "....," before a word: with a dot run that could be split two ways each, the closing-mark pattern
    // tried 2^32 splits (minutes, blocking the worker); taken whole, it is one pass.
    const text = `Wait${'....,'.repeat(32)}go!`;
    const [phonemes, ...rest] = await phonemizer.phonemize(text, 'en-us', { writtenStress: true });
    assert.equal(rest.length, 0);
    assert.match(phonemes, /^wˈeɪt.*ɡˈoʊ!$/u);
  });

  it('dashes: a dash between spaces ends a clause, written as ";"', async () => {
    assert.deepEqual(await phonemizer.phonemize('Not sure — maybe.', 'en-us', { dashes: true }), ['nˌɑːt ʃˈʊɹ; mˈeɪbiː.']);
    assert.deepEqual(await phonemizer.phonemize('Not sure — maybe.', 'en-us'), ['nˌɑːt ʃˈʊɹ mˈeɪbiː.']);
  });

  it('reads text that starts with a dash as text, not as an option', async () => {
    const [phonemes] = await phonemizer.phonemize('-v hello', 'en-us');
    assert.match(phonemes, /həlˈoʊ/u);
  });
});
