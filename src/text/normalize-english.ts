import { integerToWords, numberToWords, ordinalToWords, yearToWords } from './number-words.ts';

interface Currency {
  readonly one: string;
  readonly many: string;
  readonly centOne: string;
  readonly centMany: string;
}

const currencies: Readonly<Record<string, Currency>> = {
  $: { one: 'dollar', many: 'dollars', centOne: 'cent', centMany: 'cents' },
  '£': { one: 'pound', many: 'pounds', centOne: 'penny', centMany: 'pence' },
  '€': { one: 'euro', many: 'euros', centOne: 'cent', centMany: 'cents' },
  '¥': { one: 'yen', many: 'yen', centOne: 'sen', centMany: 'sen' },
};

const scaleWords: Readonly<Record<string, string>> = {
  k: 'thousand', thousand: 'thousand', m: 'million', mn: 'million', million: 'million', b: 'billion', bn: 'billion',
  billion: 'billion', trillion: 'trillion',
};

/** Symbols read as words; only where they stand between spaces or numbers, so "C++" or "a&b" links are left alone. */
const symbolWords: Readonly<Record<string, string>> = {
  '&': 'and', '@': 'at', '+': 'plus', '=': 'equals', '×': 'times', '÷': 'divided by', '°': 'degrees',
  '½': 'one half', '¼': 'one quarter', '¾': 'three quarters', '§': 'section', '№': 'number', '~': 'about',
};

/** Not glued to a letter or digit on the left (so "mp3" and "A4" stay for espeak-ng to read). */
const L = String.raw`(?<![\p{L}\p{N}_])`;
/** Not followed by a letter or digit. */
const R = String.raw`(?![\p{L}\p{N}_])`;
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;

const rules: ReadonlyArray<readonly [RegExp, (...groups: string[]) => string]> = [
  // Currency, optionally with a scale word: "$3.50", "-$5", "£1.2 million", "€20k".
  [
    new RegExp(String.raw`${L}([-−]?)([$£€¥])\s?(${NUMBER})(?:\s?(k|mn|m|bn|b|thousand|million|billion|trillion)${R})?`, 'giu'),
    (sign, symbol, amount, scale) => (sign ? 'minus ' : '') + currencyWords(symbol, amount, scale),
  ],
  // Percent: "50%", "3.5 %", "-2%".
  [new RegExp(String.raw`${L}([-−]?(?:${NUMBER}))\s?%`, 'gu'), (n) => `${numberToWords(n)} percent`],
  // Clock times: "10:30", "9:05 pm", "23:00".
  [
    new RegExp(String.raw`${L}([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?:\s?([ap])\.?m\.?${R})?${R}`, 'giu'),
    (hours, minutes, half) => timeWords(hours, minutes, half),
  ],
  // Temperatures: "20°C", "-4 °F".
  [
    new RegExp(String.raw`${L}([-−]?(?:${NUMBER}))\s?°\s?([CF])${R}`, 'gu'),
    (n, unit) => `${numberToWords(n)} degrees ${unit === 'C' ? 'Celsius' : 'Fahrenheit'}`,
  ],
  // Ordinals: "2nd", "21st", "100th".
  [new RegExp(String.raw`${L}(\d+)(?:st|nd|rd|th)${R}`, 'giu'), (n) => ordinalToWords(n)],
  // Decades: "1990s", "the 80s".
  [new RegExp(String.raw`${L}(1\d|20)?(\d0)'?s${R}`, 'gu'), (century, decade) => decadeWords(century, decade)],
  // Years after a word that announces one: "in 1999", "since 2008".
  [
    new RegExp(String.raw`\b(in|since|from|until|till|by|year|before|after|of|circa|during|around)\s+(1[1-9]\d\d|20\d\d)${R}`, 'giu'),
    (word, year) => `${word} ${yearToWords(year)}`,
  ],
  // Number ranges and fractions are left alone; plain numbers, with sign and thousands separators.
  [new RegExp(String.raw`(?<![\p{L}\p{N}_.,])([-−](?=\d))?(${NUMBER})(?![\p{L}_]|[.,]\d)`, 'gu'), (sign, n) =>
    (sign ? 'minus ' : '') + numberToWords(n)],
  // "#1" -> "number one" (after numbers became words).
  [/(?<![\p{L}\p{N}_])#\s?(?=\p{L})/gu, () => 'number '],
];

/**
 * Rewrites English text the way a person would read it aloud: numbers, money, percentages, clock times, ordinals,
 * years and common symbols become words. URLs and e-mail addresses are left untouched. Pure and idempotent.
 */
export function normalizeEnglish(text: string): string {
  return splitAroundUrls(text)
    .map(({ value, isUrl }) => (isUrl ? value : normalizePlain(value)))
    .join('')
    .replace(/[ \t]{2,}/gu, ' ')
    .replace(/ +([,.;:!?])(?=\s|$)/gu, '$1')
    .trim();
}

function normalizePlain(text: string): string {
  let result = text;
  for (const [pattern, replace] of rules) {
    // replace() calls back with (match, ...captures, offset, input) since no rule has named groups.
    result = result.replace(pattern, (...args: unknown[]) =>
      replace(...args.slice(1, -2).map((capture) => (typeof capture === 'string' ? capture : ''))),
    );
  }
  result = result.replace(/(^|\s)([&@+=×÷~§№])(?=\s|\d|$)/gu, (_m, before: string, symbol: string) => `${before}${symbolWords[symbol]} `);
  return result.replace(/[½¼¾°]/gu, (symbol) => ` ${symbolWords[symbol]} `);
}

function currencyWords(symbol: string, amount: string, scale: string): string {
  const currency = currencies[symbol];
  const [whole, fraction] = amount.replaceAll(',', '').split('.');
  if (scale) {
    return `${numberToWords(amount)} ${scaleWords[scale.toLowerCase()]} ${currency.many}`;
  }
  const wholeWords = `${integerToWords(whole)} ${whole.replace(/^0+(?=\d)/u, '') === '1' ? currency.one : currency.many}`;
  if (fraction === undefined) return wholeWords;
  if (fraction.length !== 2) return `${numberToWords(amount.replaceAll(',', ''))} ${currency.many}`;
  const cents = Number(fraction);
  if (cents === 0) return wholeWords;
  const centWords = `${integerToWords(fraction)} ${cents === 1 ? currency.centOne : currency.centMany}`;
  return Number(whole) === 0 ? centWords : `${wholeWords} ${centWords}`;
}

function timeWords(hours: string, minutes: string, half: string): string {
  const hourWords = integerToWords(hours);
  const minute = Number(minutes);
  let words: string;
  if (minute === 0) words = half ? hourWords : `${hourWords} o'clock`;
  else if (minute < 10) words = `${hourWords} oh ${integerToWords(minutes)}`;
  else words = `${hourWords} ${integerToWords(minutes)}`;
  return half ? `${words} ${half.toLowerCase()} m` : words;
}

function decadeWords(century: string, decade: string): string {
  const spoken = century ? yearToWords(`${century}${decade}`) : integerToWords(decade);
  return spoken.replace(/(\w+)$/u, (last) => (last.endsWith('y') ? `${last.slice(0, -1)}ies` : `${last}s`));
}

/** Splits text into URL / e-mail tokens (left as they are) and the plain text between them. */
function splitAroundUrls(text: string): { value: string; isUrl: boolean }[] {
  const parts: { value: string; isUrl: boolean }[] = [];
  const urlPattern = /\b(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    if (match.index > last) parts.push({ value: text.slice(last, match.index), isUrl: false });
    parts.push({ value: match[0], isUrl: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ value: text.slice(last), isUrl: false });
  return parts;
}
