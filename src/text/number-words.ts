const ones = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const scales = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion', 'quintillion'];

/** Longest integer read as a number; longer digit runs (card numbers, ids) are read digit by digit. */
const maxGroupedDigits = 21;

function belowHundred(n: number): string {
  if (n < 20) return ones[n];
  const unit = n % 10;
  return unit === 0 ? tens[Math.floor(n / 10)] : `${tens[Math.floor(n / 10)]} ${ones[unit]}`;
}

function belowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return belowHundred(rest);
  return rest === 0 ? `${ones[hundreds]} hundred` : `${ones[hundreds]} hundred ${belowHundred(rest)}`;
}

/** Reads a string of digits one by one: "007" -> "zero zero seven". */
export function digitsToWords(digits: string): string {
  return [...digits].map((d) => ones[Number(d)]).join(' ');
}

/** A non-negative integer given as digits (no separators) in words: "1234" -> "one thousand two hundred thirty four". */
export function integerToWords(digits: string): string {
  if (!/^\d+$/u.test(digits)) throw new RangeError(`not a digit string: "${digits}"`);
  const trimmed = digits.replace(/^0+(?=\d)/u, '');
  if (trimmed.length > maxGroupedDigits) return digitsToWords(digits);
  if (trimmed === '0') return 'zero';
  const groups: number[] = [];
  for (let end = trimmed.length; end > 0; end -= 3) groups.unshift(Number(trimmed.slice(Math.max(0, end - 3), end)));
  const words: string[] = [];
  groups.forEach((group, index) => {
    if (group === 0) return;
    const scale = scales[groups.length - 1 - index];
    words.push(scale ? `${belowThousand(group)} ${scale}` : belowThousand(group));
  });
  return words.join(' ');
}

/** "3.14" -> "three point one four"; "-2" -> "minus two"; "1,000.5" -> "one thousand point five". */
export function numberToWords(text: string): string {
  const match = /^([-−]?)(\d[\d,]*)(?:\.(\d+))?$/u.exec(text);
  if (!match) throw new RangeError(`not a number: "${text}"`);
  const [, sign, whole, fraction] = match;
  // "007" and "0451" are codes, read digit by digit.
  let words = /^0\d/u.test(whole) ? digitsToWords(whole.replaceAll(',', '')) : integerToWords(whole.replaceAll(',', ''));
  if (fraction !== undefined) words += ` point ${digitsToWords(fraction)}`;
  return sign ? `minus ${words}` : words;
}

const irregularOrdinals: Readonly<Record<string, string>> = {
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
};

/** "2" -> "second", "21" -> "twenty first", "100" -> "one hundredth". */
export function ordinalToWords(digits: string): string {
  const words = integerToWords(digits).split(' ');
  const last = words.pop() ?? '';
  let ordinal: string;
  if (last in irregularOrdinals) ordinal = irregularOrdinals[last];
  else if (last.endsWith('y')) ordinal = `${last.slice(0, -1)}ieth`;
  else ordinal = `${last}th`;
  return [...words, ordinal].join(' ');
}

/**
 * A four-digit year as people say it: "1999" -> "nineteen ninety nine", "1905" -> "nineteen oh five",
 * "2000" -> "two thousand", "2008" -> "two thousand eight", "2024" -> "twenty twenty four", "1900" -> "nineteen hundred".
 */
export function yearToWords(digits: string): string {
  if (!/^\d{4}$/u.test(digits)) return integerToWords(digits);
  const year = Number(digits);
  const century = Math.floor(year / 100);
  const rest = year % 100;
  if (year % 1000 < 10 && year >= 1000 && Math.floor(year / 1000) % 10 !== 1) {
    return integerToWords(digits); // 2000..2009, 3005: "two thousand five"
  }
  if (rest === 0) return `${belowHundred(century)} hundred`;
  if (rest < 10) return `${belowHundred(century)} oh ${ones[rest]}`;
  return `${belowHundred(century)} ${belowHundred(rest)}`;
}
