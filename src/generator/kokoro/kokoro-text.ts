/**
 * Text -> Kokoro phonemes the way Kokoro's own JavaScript pipeline (kokoro-js 1.2.1, src/phonemize.js, Apache-2.0,
 * itself a port of the Python `kokoro` package's English path) makes them: English text normalisation (titles,
 * years, times, money, decimals, ranges, possessives, initials), then the text is cut at punctuation, which is kept
 * verbatim (with the spaces around it) while only the words between are sent to espeak-ng, then espeak's IPA is
 * cleaned up for Kokoro's phoneme set (normalizeEspeakIpa). Words and punctuation therefore reach the model exactly
 * as the voices were trained on: quotes and dashes included, "Dr." as "Doctor", "$5.50" as dollars and cents.
 * test/generator/kokoro/kokoro-conformance.test.ts checks the result against kokoro-js itself.
 */
import { normalizeEspeakIpa } from './kokoro-tokens.ts';

/** "10:30" -> "10 30", "1990" -> "19 90": how English says times and years (kokoro-js split_num). */
function sayTimeOrYear(match: string): string {
  if (match.includes('.')) return match;
  if (match.includes(':')) {
    const [hours, minutes] = match.split(':').map(Number);
    if (minutes === 0) return `${hours} o'clock`;
    if (minutes < 10) return `${hours} oh ${minutes}`;
    return `${hours} ${minutes}`;
  }
  const year = Number.parseInt(match.slice(0, 4), 10);
  if (year < 1100 || year % 1000 < 10) return match;
  const left = match.slice(0, 2);
  const right = Number.parseInt(match.slice(2, 4), 10);
  const suffix = match.endsWith('s') ? 's' : '';
  if (year % 1000 >= 100 && year % 1000 <= 999) {
    if (right === 0) return `${left} hundred${suffix}`;
    if (right < 10) return `${left} oh ${right}${suffix}`;
  }
  return `${left} ${right}${suffix}`;
}

/** "$5.50" -> "5 dollars and 50 cents", "£1" -> "1 pound" (kokoro-js flip_money). */
function sayMoney(match: string): string {
  const bill = match[0] === '$' ? 'dollar' : 'pound';
  const amount = match.slice(1);
  if (Number.isNaN(Number(amount))) return `${amount} ${bill}s`;
  if (!match.includes('.')) return `${amount} ${bill}${amount === '1' ? '' : 's'}`;
  const [whole, fraction] = amount.split('.');
  const coins = Number.parseInt(fraction.padEnd(2, '0'), 10);
  const coinName = match[0] === '$' ? (coins === 1 ? 'cent' : 'cents') : coins === 1 ? 'penny' : 'pence';
  return `${whole} ${bill}${whole === '1' ? '' : 's'} and ${coins} ${coinName}`;
}

/** "3.14" -> "3 point 1 4" (kokoro-js point_num). */
function sayDecimal(match: string): string {
  const [whole, fraction] = match.split('.');
  return `${whole} point ${fraction.split('').join(' ')}`;
}

/**
 * kokoro-js normalize_text, rule for rule and in the same order (the order matters: times before thousands
 * separators, money before decimals). Some rules are quirky (only the first run of double spaces is collapsed);
 * they are kept, because matching the reference exactly is the point.
 */
export function normalizeKokoroText(text: string): string {
  return (
    text
      .replace(/[‘’]/g, "'")
      .replace(/«/g, '“')
      .replace(/»/g, '”')
      .replace(/[“”]/g, '"')
      .replace(/\(/g, '«')
      .replace(/\)/g, '»')
      .replace(/、/g, ', ')
      .replace(/。/g, '. ')
      .replace(/！/g, '! ')
      .replace(/，/g, ', ')
      .replace(/：/g, ': ')
      .replace(/；/g, '; ')
      .replace(/？/g, '? ')
      .replace(/[^\S \n]/g, ' ')
      .replace(/  +/, ' ') // only the first run, as kokoro-js does
      .replace(/(?<=\n) +(?=\n)/g, '')
      .replace(/\bD[Rr]\.(?= [A-Z])/g, 'Doctor')
      .replace(/\b(?:Mr\.|MR\.(?= [A-Z]))/g, 'Mister')
      .replace(/\b(?:Ms\.|MS\.(?= [A-Z]))/g, 'Miss')
      .replace(/\b(?:Mrs\.|MRS\.(?= [A-Z]))/g, 'Mrs')
      .replace(/\betc\.(?! [A-Z])/gi, 'etc')
      .replace(/\b(y)eah?\b/gi, "$1e'a")
      .replace(/\d*\.\d+|\b\d{4}s?\b|(?<!:)\b(?:[1-9]|1[0-2]):[0-5]\d\b(?!:)/g, sayTimeOrYear)
      .replace(/(?<=\d),(?=\d)/g, '')
      .replace(/[$£]\d+(?:\.\d+)?(?: hundred| thousand| (?:[bm]|tr)illion)*\b|[$£]\d+\.\d\d?\b/gi, sayMoney)
      .replace(/\d*\.\d+/g, sayDecimal)
      .replace(/(?<=\d)-(?=\d)/g, ' to ')
      .replace(/(?<=\d)S/g, ' S')
      .replace(/(?<=[BCDFGHJ-NP-TV-Z])'?s\b/g, "'S")
      .replace(/(?<=X')S\b/g, 's')
      .replace(/(?:[A-Za-z]\.){2,} [a-z]/g, (initials) => initials.replace(/\./g, '-'))
      .replace(/(?<=[A-Z])\.(?=[A-Z])/gi, '-')
      .trim()
  );
}

/** The punctuation kokoro-js keeps as written instead of sending it to espeak-ng. */
export const KOKORO_PUNCTUATION = ';:,.!?¡¿—…"«»“”(){}[]';

/** Runs of that punctuation with the spaces around them. */
const PUNCTUATION_RUN = /(\s*[;:,.!?¡¿—…"«»“”(){}[\]]+\s*)+/g;

export interface TextSection {
  readonly punctuation: boolean;
  readonly text: string;
}

/** Cuts text into words-between-punctuation and punctuation runs, in order, losing nothing. */
export function splitAtPunctuation(text: string): TextSection[] {
  const sections: TextSection[] = [];
  let previous = 0;
  for (const match of text.matchAll(PUNCTUATION_RUN)) {
    if (previous < match.index) sections.push({ punctuation: false, text: text.slice(previous, match.index) });
    if (match[0].length > 0) sections.push({ punctuation: true, text: match[0] });
    previous = match.index + match[0].length;
  }
  if (previous < text.length) sections.push({ punctuation: false, text: text.slice(previous) });
  return sections;
}

/**
 * espeak-ng's IPA for text without Kokoro's punctuation, as the bot's phonemiser gives it: one string per sentence,
 * clauses within it joined by their punctuation and a space ("həlˈoʊ, wˈɜːld").
 */
export type EspeakIpa = (words: string) => Promise<string[]>;

/**
 * The IPA of each stretch of words between punctuation. kokoro-js runs espeak-ng once per stretch; each run of the
 * bot's phonemiser has a fixed cost of tens of milliseconds, so the stretches go in one run as comma-separated
 * clauses and the result is cut at the commas. When that does not give back one non-empty clause per stretch (a
 * stretch espeak-ng says nothing for, or splits), each stretch is phonemised on its own.
 */
async function phonemizeStretches(stretches: readonly string[], espeakIpa: EspeakIpa): Promise<string[]> {
  if (stretches.length > 1) {
    const together = await espeakIpa(stretches.join(', '));
    const clauses = together.length === 1 ? together[0].split(', ') : [];
    if (clauses.length === stretches.length && clauses.every((clause) => clause.trim() !== '' && !clause.includes(','))) {
      return clauses.map((clause) => clause.trim());
    }
  }
  const apart: string[] = [];
  for (const words of stretches) apart.push((await espeakIpa(words)).join(' '));
  return apart;
}

export interface KokoroPhonemizeOptions {
  /** The espeak-ng voice the words are phonemised with (also picks the American clean-up rules for en-us). */
  readonly espeakVoice: string;
  /** Apply the English text normalisation (Kokoro's a and b voices). */
  readonly normalizeEnglish: boolean;
}

/** One sentence -> Kokoro phonemes (kokoro-js phonemize()). */
export async function kokoroPhonemes(text: string, options: KokoroPhonemizeOptions, espeakIpa: EspeakIpa): Promise<string> {
  const normalized = options.normalizeEnglish ? normalizeKokoroText(text) : text.trim();
  const sections = splitAtPunctuation(normalized);
  const ipa = await phonemizeStretches(
    sections.filter((section) => !section.punctuation).map((section) => section.text),
    espeakIpa,
  );
  let next = 0;
  const phonemes = sections.map((section) => (section.punctuation ? section.text : ipa[next++])).join('');
  return normalizeEspeakIpa(phonemes, options.espeakVoice);
}
