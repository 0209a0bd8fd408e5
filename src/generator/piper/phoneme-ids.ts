/**
 * Piper's phoneme -> id step (piper-phonemize phonemes_to_ids with its defaults: interspersePad, addBos, addEos):
 *   BOS ids, pad ids, then for each phoneme code point its ids followed by pad ids, then EOS ids.
 * So "ab" becomes ^ _ a _ b _ $ : 2 + 2 * phonemes + 1 ids. Phonemes missing from the voice's map are skipped and
 * counted (piper-phonemize's missingPhonemes) so the caller can warn once.
 */

import type { PhonemizeOptions } from '../../text/espeak-phonemizer.ts';

/**
 * espeak-ng IPA as Piper's phonemiser writes it: a dash between spaces is a pause written as ";" (espeak-ng's clause
 * end), and stress marks are the dictionary's, without the tonic stress intonation adds (see PhonemizeOptions).
 */
export const PIPER_CLAUSES: PhonemizeOptions = { dashes: true, writtenStress: true };

export interface PhonemeIdResult {
  readonly ids: number[];
  /** Phonemes that were not in the id map, with how many times each was dropped. */
  readonly missing: ReadonlyMap<string, number>;
}

export interface PhonemeIdTables {
  readonly phonemeIdMap: ReadonlyMap<string, readonly number[]>;
  /** Substitutions applied first (piper-phonemize's phoneme_map); empty for most voices. */
  readonly phonemeMap?: ReadonlyMap<string, readonly string[]>;
}

const PAD = '_';
const BOS = '^';
const EOS = '$';

/**
 * Splits IPA into the code points Piper maps. NFD first, as piper-phonemize decomposes espeak's output (so "ç"
 * becomes "c" + combining cedilla); doing it again here is harmless and protects against callers passing NFC text.
 */
export function splitPhonemes(ipa: string, phonemeMap?: ReadonlyMap<string, readonly string[]>): string[] {
  const codePoints = [...ipa.normalize('NFD')];
  if (!phonemeMap || phonemeMap.size === 0) return codePoints;
  return codePoints.flatMap((phoneme) => phonemeMap.get(phoneme) ?? [phoneme]);
}

function idsOf(map: ReadonlyMap<string, readonly number[]>, symbol: string): readonly number[] {
  const ids = map.get(symbol);
  if (!ids) throw new Error(`phoneme id map has no "${symbol}"`);
  return ids;
}

export function phonemesToIds(ipa: string, tables: PhonemeIdTables): PhonemeIdResult {
  const { phonemeIdMap } = tables;
  const pad = idsOf(phonemeIdMap, PAD);
  const ids: number[] = [...idsOf(phonemeIdMap, BOS), ...pad];
  const missing = new Map<string, number>();
  for (const phoneme of splitPhonemes(ipa, tables.phonemeMap)) {
    const mapped = phonemeIdMap.get(phoneme);
    if (!mapped) {
      missing.set(phoneme, (missing.get(phoneme) ?? 0) + 1);
      continue;
    }
    ids.push(...mapped, ...pad);
  }
  ids.push(...idsOf(phonemeIdMap, EOS));
  return { ids, missing };
}

export interface SentenceIds {
  /** One id sequence per sentence that has something to say. */
  readonly sentences: number[][];
  readonly missing: ReadonlyMap<string, number>;
}

/**
 * Ids for each phonemised sentence, leaving out sentences with no phoneme in the map (`^ _ $` alone). Piper's
 * phonemiser makes such an empty sentence after a closing quote ("He said "Hi."" -> "...hˈaɪ." and ""); Piper would
 * synthesise a moment of noise for it, the engine says nothing.
 */
export function sentencesToIds(sentences: readonly string[], tables: PhonemeIdTables): SentenceIds {
  const missing = new Map<string, number>();
  const ids: number[][] = [];
  for (const ipa of sentences) {
    const result = phonemesToIds(ipa, tables);
    for (const [phoneme, count] of result.missing) missing.set(phoneme, (missing.get(phoneme) ?? 0) + count);
    if (result.ids.length > emptySentenceLength(tables.phonemeIdMap)) ids.push(result.ids);
  }
  return { sentences: ids, missing };
}

function emptySentenceLength(map: ReadonlyMap<string, readonly number[]>): number {
  return idsOf(map, BOS).length + idsOf(map, PAD).length + idsOf(map, EOS).length;
}

/**
 * Ids for espeak-ng sentences as Piper makes them. piper-phonemize writes a space after a clause's , : or ; even when
 * the clause ends the text ("Hello there," -> "həlˈoʊ ðˈɛɹ, "), where the phonemiser trims it; the voice was trained
 * with that space, so it is put back.
 */
export function espeakSentencesToIds(sentences: readonly string[], tables: PhonemeIdTables): SentenceIds {
  return sentencesToIds(
    sentences.map((ipa) => (/[,:;]$/u.test(ipa) ? `${ipa} ` : ipa)),
    tables,
  );
}
