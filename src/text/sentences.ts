import { endsWithNonFinalAbbreviation } from './abbreviations.ts';

/** Sentences longer than this (in UTF-16 code units) are cut at word boundaries so no engine call gets huge. */
const defaultMaxSentenceLength = 400;

export interface SplitOptions {
  /** Longest sentence returned; longer ones are cut at clause punctuation or word boundaries. */
  readonly maxLength?: number;
}

/** Full stops, question and exclamation marks of scripts that put no space after them. */
const spacelessTerminators = /[。！？｡︒﹒．]$/u;

/**
 * Splits text into sentences for speaking. Intl.Segmenter finds the candidates (it knows CJK, Devanagari, Arabic
 * and Latin punctuation); its known mistakes are then repaired: breaks after abbreviations and initials ("Dr.",
 * "e.g.", "J. R. R."), and breaks inside a token with no space around them (URLs, "a?b=1"). Line breaks always end
 * a sentence, because chat messages use them as such. Sentences over `maxLength` are cut at clause punctuation or
 * spaces.
 */
export function splitSentences(text: string, language = 'en', options: SplitOptions = {}): string[] {
  const maxLength = options.maxLength ?? defaultMaxSentenceLength;
  if (!(maxLength >= 1)) throw new RangeError(`maxLength must be at least 1, got ${maxLength}`);
  const segmenter = new Intl.Segmenter(safeLocale(language), { granularity: 'sentence' });
  const sentences: string[] = [];
  for (const line of text.split(/\r\n|[\n\r\u2028\u2029\v\f]+/u)) {
    // Tabs and other spaces become one space; invisible control characters (bell, escape) go entirely.
    const clean = line.replace(/\s+/gu, ' ').replace(/\p{Cc}/gu, '').trim();
    if (clean === '') continue;
    const segments = [...segmenter.segment(clean)].flatMap((s) => splitAfterUnicodeEllipsis(s.segment));
    for (const sentence of repairSegments(segments)) {
      sentences.push(...cutLongSentence(sentence, maxLength));
    }
  }
  return sentences;
}

/** ICU ends a sentence at "... Next" but not at "… Next"; treat the one-character ellipsis like three dots. */
function splitAfterUnicodeEllipsis(segment: string): string[] {
  return segment.split(/(?<=…\s+)(?=\p{Lu})/u);
}

/** Merges segments the segmenter split wrongly, and trims the rest. */
function repairSegments(segments: readonly string[]): string[] {
  const merged: string[] = [];
  let current = '';
  for (let i = 0; i < segments.length; i++) {
    current += segments[i];
    const next = segments[i + 1];
    if (next !== undefined && shouldJoin(current, next)) continue;
    const trimmed = current.trim();
    if (trimmed !== '') merged.push(trimmed);
    current = '';
  }
  return merged;
}

function shouldJoin(before: string, after: string): boolean {
  // No space at the break: a URL, a file name or "3.5x" was split, unless the script writes no spaces anyway.
  if (!/\s$/u.test(before) && !spacelessTerminators.test(before)) return true;
  if (/^\s*$/u.test(after)) return true;
  return endsWithNonFinalAbbreviation(before, after);
}

/**
 * Cuts a sentence that is too long: at the last clause punctuation before the limit if there is one in its second
 * half, else at the last space, else (scripts without spaces) at word boundaries from Intl.Segmenter, else hard.
 */
function cutLongSentence(sentence: string, maxLength: number): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > maxLength) {
    const cut = bestCut(rest, maxLength);
    const piece = rest.slice(0, cut).trim();
    if (piece !== '') pieces.push(piece);
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

function bestCut(text: string, maxLength: number): number {
  const window = text.slice(0, maxLength + 1);
  const half = Math.floor(maxLength / 2);
  let clause = -1;
  for (const match of window.matchAll(/[,;:、，；：—–](?=\s|$)|[、，；：]/gu)) {
    const end = match.index + match[0].length;
    if (end <= maxLength) clause = end;
  }
  if (clause >= half) return clause;
  const space = window.lastIndexOf(' ');
  if (space > 0) return space;
  let wordEnd = -1;
  for (const word of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(window)) {
    const end = word.index + word.segment.length;
    if (end <= maxLength && end > 0) wordEnd = end;
  }
  if (wordEnd > 0 && wordEnd < text.length) return wordEnd;
  // Never split a surrogate pair.
  const hard = maxLength;
  return /[\uDC00-\uDFFF]/u.test(text[hard] ?? '') ? hard - 1 : hard;
}

function safeLocale(language: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(language)[0];
  } catch {
    return undefined; // a voice name that is no BCP-47 tag still gets the root locale's rules
  }
}

/** Where a clause may end: punctuation that is followed by a space (or by nothing), or CJK punctuation. */
const clauseBoundary = /[,;:](?=["'”’)\]]*(?:\s|$))["'”’)\]]*|[，；：、]/gu;

export interface FirstClauseOptions {
  /** The first piece is at least this many characters long (shorter clauses are not worth a separate call). */
  readonly minLength?: number;
  /** When no clause punctuation comes early enough, cut at a space before this length. Unset: never. */
  readonly maxLength?: number;
}

/**
 * Splits off a short first piece of a sentence so its audio can start while the rest is made: at the first comma,
 * semicolon or colon clause boundary at or after `minLength` characters. Returns [first, rest]; rest is '' when the
 * sentence has no usable boundary (or the rest would be empty).
 */
export function splitFirstClause(sentence: string, options: FirstClauseOptions = {}): [string, string] {
  const minLength = options.minLength ?? 12;
  const text = sentence.trim();
  for (const match of text.matchAll(clauseBoundary)) {
    const end = match.index + match[0].length;
    if (end < minLength) continue;
    const rest = text.slice(end).trim();
    if (rest === '') break;
    return [text.slice(0, end).trim(), rest];
  }
  const maxLength = options.maxLength;
  if (maxLength !== undefined && text.length > maxLength) {
    const space = text.lastIndexOf(' ', maxLength);
    if (space >= minLength) return [text.slice(0, space).trim(), text.slice(space).trim()];
  }
  return [text, ''];
}
