/**
 * Pure text-side steps of Kokoro-82M as its reference pipelines run it: espeak IPA clean-up, phoneme -> token ids from the
 * model's config.json vocab (one code point each, unknown ones dropped), batches within the 510-token context, and
 * the choice of style vector row (by token count, before the two pad tokens are added).
 */

/** Kokoro's context is 512 tokens including the 0 pad at each end. */
const MAX_TOKENS = 510;
export const STYLE_DIM = 256;
const PAD_ID = 0;

export class KokoroConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KokoroConfigError';
  }
}

/** Reads `vocab` (phoneme -> id) from Kokoro's config.json. */
export function parseKokoroVocab(json: unknown, source: string): Map<string, number> {
  const vocab = typeof json === 'object' && json !== null ? (json as { vocab?: unknown }).vocab : undefined;
  if (typeof vocab !== 'object' || vocab === null || Array.isArray(vocab)) {
    throw new KokoroConfigError(`Kokoro config ${source} has no "vocab" object`);
  }
  const map = new Map<string, number>();
  for (const [phoneme, id] of Object.entries(vocab)) {
    if ([...phoneme].length !== 1 || typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
      throw new KokoroConfigError(`Kokoro config ${source}: vocab entry "${phoneme}" must map one character to an id > 0`);
    }
    map.set(phoneme, id);
  }
  if (map.size === 0) throw new KokoroConfigError(`Kokoro config ${source} has an empty vocab`);
  return map;
}

/**
 * Kokoro's fixes to espeak output for its phoneme set (kokoro-js phonemize step 4-5, as in the Python `kokoro`
 * package): palatalisation and a few consonants Kokoro never saw in training are mapped to the closest ones it knows,
 * "kokoro" gets its Japanese stress, and American "-nty" after "nine" is flapped.
 */
export function normalizeEspeakIpa(ipa: string, espeakVoice: string): string {
  let out = ipa
    .replaceAll('kəkˈoːɹoʊ', 'kˈoʊkəɹoʊ')
    .replaceAll('kəkˈɔːɹəʊ', 'kˈəʊkəɹəʊ')
    .replaceAll('ʲ', 'j')
    .replaceAll('r', 'ɹ')
    .replaceAll('x', 'k')
    .replaceAll('ɬ', 'l')
    .replace(/(?<=[a-zɹː])(?=hˈʌndɹɪd)/g, ' ')
    .replace(/ z(?=[;:,.!?¡¿—…"«»“” ]|$)/g, 'z');
  if (espeakVoice === 'en-us') out = out.replace(/(?<=nˈaɪn)ti(?!ː)/g, 'di');
  return out.trim();
}

export interface Tokenized {
  readonly ids: number[];
  readonly missing: ReadonlyMap<string, number>;
}

export function tokenize(phonemes: string, vocab: ReadonlyMap<string, number>): Tokenized {
  const ids: number[] = [];
  const missing = new Map<string, number>();
  for (const phoneme of phonemes) {
    const id = vocab.get(phoneme);
    if (id === undefined) missing.set(phoneme, (missing.get(phoneme) ?? 0) + 1);
    else ids.push(id);
  }
  return { ids, missing };
}

const CLAUSE_END = new Set(['.', ',', '!', '?', ';', ':', '—', '…']);

/**
 * Splits phonemes so each batch tokenises to at most `max` ids, cutting after punctuation where possible, else at a
 * space, else anywhere (a single 500-phoneme "word" is still spoken rather than rejected).
 */
export function splitPhonemeBatches(phonemes: string, vocab: ReadonlyMap<string, number>, max = MAX_TOKENS): string[] {
  const chars = [...phonemes];
  const batches: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let tokens = 0;
    let end = start;
    let lastClause = -1;
    let lastSpace = -1;
    while (end < chars.length) {
      const counts = vocab.has(chars[end]) ? 1 : 0;
      if (tokens + counts > max) break;
      tokens += counts;
      if (CLAUSE_END.has(chars[end])) lastClause = end + 1;
      if (chars[end] === ' ') lastSpace = end + 1;
      end++;
    }
    if (end < chars.length) {
      if (lastClause > start) end = lastClause;
      else if (lastSpace > start) end = lastSpace;
    }
    const batch = chars.slice(start, end).join('').trim();
    if (batch !== '') batches.push(batch);
    start = end;
  }
  return batches;
}

/** Model input: the ids framed by the pad token. */
export function padTokens(ids: readonly number[]): BigInt64Array {
  return BigInt64Array.from([PAD_ID, ...ids, PAD_ID], (id) => BigInt(id));
}

/**
 * The style vector for `tokenCount` tokens: row `tokenCount` of the voice's [rows, 1, 256] pack (kokoro-onnx
 * `voice[len(tokens)]`), clamped to the last row.
 */
export function selectStyle(pack: { readonly shape: readonly number[]; readonly data: Float32Array }, tokenCount: number): Float32Array {
  const rows = pack.shape[0];
  const row = Math.max(0, Math.min(rows - 1, tokenCount));
  return pack.data.slice(row * STYLE_DIM, (row + 1) * STYLE_DIM);
}
