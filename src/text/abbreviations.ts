/**
 * Abbreviations whose full stop does not end a sentence.
 *
 * Titles come before a (capitalised) name, so a capital letter after them is no evidence of a new sentence. The
 * others only continue the sentence when the next word looks like it belongs to it (lower case, a digit, or more
 * punctuation), because "... apples, oranges, etc. Then we left." is common.
 */
const titleAbbreviations = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'mt', 'ft', 'jr', 'sr', 'sgt', 'capt', 'cpt', 'col', 'gen', 'lt',
  'maj', 'cmdr', 'adm', 'gov', 'sen', 'rep', 'rev', 'hon', 'pres', 'supt', 'insp', 'messrs', 'mme', 'mlle',
  'vs', 'cf', 'approx', 'e.g', 'i.e', 'viz', 'ave', 'blvd',
]);

const continuingAbbreviations = new Set([
  'etc', 'al', 'inc', 'ltd', 'co', 'corp', 'no', 'nos', 'fig', 'figs', 'eq', 'vol', 'ch', 'pp', 'art', 'sec', 'ref',
  'dept', 'univ', 'rd', 'ca', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun', 'a.m', 'p.m', 'min', 'max', 'hr', 'hrs',
  'sq', 'oz', 'lb', 'lbs', 'yr', 'yrs', 'mo', 'govt', 'misc', 'esp', 'incl', 'dept',
]);

/** Letters with inner dots ("e.g", "U.S", "Dr") right before a final full stop and optional closing quotes. */
const finalDottedWord = /(^|.)((?:\p{L}+\.)*\p{L}+)\.["'”’)\]]*\s*$/su;

/**
 * True when `before` ends with an abbreviation or initial whose full stop should not end the sentence, given the
 * text that follows it.
 */
export function endsWithNonFinalAbbreviation(before: string, after: string): boolean {
  const match = finalDottedWord.exec(before);
  if (!match) return false;
  const [, charBefore, word] = match;
  // "e-mail." or "3D." are not abbreviations: the dotted word must stand alone.
  if (charBefore !== '' && /[\p{L}\p{N}\-_/]/u.test(charBefore)) return false;
  const next = after.trimStart();
  if (next === '') return false;
  const lower = word.toLowerCase();
  const nextContinues = /^[\p{Ll}\p{N},;:]/u.test(next);
  if (titleAbbreviations.has(lower)) return true;
  if (/^\p{Lu}$/u.test(word)) return isInitial(before.slice(0, match.index + charBefore.length), next);
  if (continuingAbbreviations.has(lower) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return nextContinues;
  return false;
}

/**
 * A lone capital letter is an initial ("J. R. R. Tolkien", "George W. Bush") when a name continues after it and the
 * word before it (if any) is capitalised too; "plan B. Then ..." and "vitamin C. It ..." still end there.
 */
function isInitial(textBefore: string, next: string): boolean {
  if (!/^\p{Lu}/u.test(next)) return false;
  const previousWord = /(\S+)\s*$/u.exec(textBefore)?.[1];
  return previousWord === undefined || /^\p{Lu}/u.test(previousWord);
}
