/** A clause of a sentence and the punctuation Piper records for its end ('' when none). */
export interface Clause {
  /** The clause as written, including its own punctuation. */
  readonly text: string;
  /** One of , . ; : ! ? (Piper's clause punctuation), or '' when the clause ends without any. */
  readonly punctuation: ClausePunctuation;
}

export type ClausePunctuation = ',' | '.' | ';' | ':' | '!' | '?' | '';

/** Other scripts' clause punctuation, mapped to the ASCII mark espeak-ng reports for it and Piper writes. */
const punctuationEquivalents: Readonly<Record<string, ClausePunctuation>> = {
  ',': ',', '，': ',', '、': ',', '،': ',', '﹐': ',',
  ';': ';', '；': ';', '؛': ';',
  ':': ':', '：': ':',
  '.': '.', '。': '.', '｡': '.', '।': '.', '॥': '.', '۔': '.', '…': '.',
  '!': '!', '！': '!',
  '?': '?', '？': '?', '؟': '?', '\u037e': '?',
};

/**
 * Inside one sentence: a clause ends at , ; : ! ? or an ellipsis followed by a space (closing quotes or brackets
 * may sit between), at a dash with spaces around it if asked (see ClauseOptions), or at CJK punctuation, which
 * needs no space. A lone full stop inside a sentence belongs to an abbreviation or a number (the
 * sentence splitter already decided it does not end the sentence), so it never ends a clause there.
 * Closing quotes are any quote mark: German closes with “ and ‘, and both »x« and «x» are in use.
 */
const innerBoundary = /(?:[,;:!?،؛؟]+|\.\.\.+|…)["'“”‘’„‚«»‹›)\]]*(?=\s)|[，、；：！？]+/gu;
const innerBoundaryOrDash = /(?:[,;:!?،؛؟]+|\.\.\.+|…)["'“”‘’„‚«»‹›)\]]*(?=\s)|(?<=\s)[—–](?=\s)|[，、；：！？]+/gu;

/** Dashes that end a clause (with spaces around them) when ClauseOptions.dashes is set. */
const clauseDashes = new Set(['—', '–']);

export interface ClauseOptions {
  /**
   * End a clause at a dash between spaces (" — ", " – ") and record it as ";", as Piper's phonemiser does (espeak-ng
   * ends a clause there). Off by default because Kokoro's reference (kokoro-js) keeps no mark for a dash it hands to
   * espeak-ng inside a run of words.
   */
  readonly dashes?: boolean;
}

/** Splits one sentence into clauses with the punctuation Piper would keep for each. */
export function splitClauses(sentence: string, options: ClauseOptions = {}): Clause[] {
  const text = sentence.trim();
  const clauses: Clause[] = [];
  let start = 0;
  for (const match of text.matchAll(options.dashes ? innerBoundaryOrDash : innerBoundary)) {
    const end = match.index + match[0].length;
    const piece = text.slice(start, end).trim();
    if (piece !== '') clauses.push({ text: piece, punctuation: innerPunctuation(match[0]) });
    start = end;
  }
  const last = text.slice(start).trim();
  if (last !== '') clauses.push({ text: last, punctuation: finalPunctuation(last) });
  return clauses;
}

/** The mark of an inner boundary: the last real punctuation character of the match; an ellipsis is a pause (,). */
function innerPunctuation(mark: string): ClausePunctuation {
  if (clauseDashes.has(mark)) return ';';
  const marks = [...mark].filter((c) => c in punctuationEquivalents);
  const lastMark = marks.at(-1);
  if (lastMark === undefined) return '';
  if (lastMark === '.' || lastMark === '…') return ',';
  return punctuationEquivalents[lastMark];
}

/** How the sentence's last clause ends: its final punctuation mark, ignoring closing quotes, brackets and emoji. */
function finalPunctuation(clause: string): ClausePunctuation {
  const tail = clause.replace(/(?:[\s"'“”‘’„‚«»‹›)\]\p{Extended_Pictographic}]|\u200d|\ufe0f)+$/u, '');
  const lastChar = [...tail].at(-1) ?? '';
  return punctuationEquivalents[lastChar] ?? '';
}
