/**
 * Text -> the model calls Kokoro makes for it: the text is cut into sentences (each one model call, so speech can
 * start after the first), each sentence is phonemised as kokoro-js does (kokoro-text.ts), and a sentence whose
 * phonemes exceed Kokoro's 510-token context is cut into several batches instead of being truncated.
 */
import { splitSentences } from '../../text/sentences.ts';
import type { KokoroLanguage } from './kokoro-files.ts';
import { KOKORO_PUNCTUATION, kokoroPhonemes } from './kokoro-text.ts';
import type { EspeakIpa } from './kokoro-text.ts';
import { splitPhonemeBatches, tokenize } from './kokoro-tokens.ts';

/**
 * Punctuation Kokoro keeps as written but has no id for (« » from parentheses, ¡ ¿ { } [ ]). Kokoro's Python
 * package drops symbols without an id (kokoro/model.py filters vocab.get), so they are silent there; the engine
 * drops them too, without reporting them as missing phonemes.
 */
function isKokoroPunctuation(symbol: string): boolean {
  return KOKORO_PUNCTUATION.includes(symbol);
}

export interface KokoroBatch {
  readonly phonemes: string;
  /** Token ids without the pad at either end; the style row is picked by their count (selectStyle). */
  readonly ids: number[];
  /** Phonemes the vocab has no id for, dropped (as Kokoro's tokenizer drops them), with their counts. */
  readonly missing: ReadonlyMap<string, number>;
}

export async function* kokoroBatches(
  text: string,
  language: KokoroLanguage,
  vocab: ReadonlyMap<string, number>,
  espeakIpa: EspeakIpa,
): AsyncGenerator<KokoroBatch> {
  for (const sentence of splitSentences(text, language.tag)) {
    const phonemes = await kokoroPhonemes(sentence, language, espeakIpa);
    for (const batch of splitPhonemeBatches(phonemes, vocab)) {
      const { ids, missing } = tokenize(batch, vocab);
      const unexpected = new Map([...missing].filter(([symbol]) => !isKokoroPunctuation(symbol)));
      if (ids.length > 0) yield { phonemes: batch, ids, missing: unexpected };
    }
  }
}
