/** Control characters become spaces (except line breaks, kept for line joining); \r\n becomes \n. */
export function stripControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[^\n\P{Cc}]/gu, ' ');
}

/** Zero-width and other invisible format characters (ZWJ, bidi marks, soft hyphen, tag characters). */
export function removeFormatCharacters(text: string): string {
  return text.replace(/\p{Cf}/gu, '');
}

/**
 * Zalgo is letters buried under stacked combining marks. After NFC the accents of real Latin, Greek and Cyrillic
 * words are precomposed, so any mark still attached to those letters (or to digits, punctuation, spaces) is noise.
 * Scripts that need combining marks (Devanagari, Thai, …) keep two per letter, which real text never exceeds.
 */
export function removeZalgo(text: string): string {
  return text
    .normalize('NFC')
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}\p{P}\p{S}\p{Z}\s])\p{M}+/gu, '$1')
    .replace(/(\p{M}{2})\p{M}+/gu, '$1')
    .replace(/^\p{M}+/u, '');
}

/** "sooooo!!!!!!" -> "sooo!!!" with limit 3. Digits are exempt: 1000000 is a number, not a flood. */
export function capRepeatedCharacters(text: string, limit: number): string {
  const keep = Math.max(1, Math.floor(limit));
  return text.replace(/(\P{N})\1+/gu, (run: string, char: string) => {
    const count = run.length / char.length;
    return count > keep ? char.repeat(keep) : run;
  });
}

const ENDS_WITH_PAUSE = /[.!?,;:…]$/u;

/** Lines become sentences: a line without closing punctuation gets a full stop so the voice pauses there. */
export function joinLines(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => /[\p{L}\p{N}]/u.test(line));
  return lines.map((line, i) => (i < lines.length - 1 && !ENDS_WITH_PAUSE.test(line) ? `${line}.` : line)).join(' ');
}

/** One space between words, none before punctuation, no dangling separators at the ends. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ([,.!?;:…])/g, '$1')
    .replace(/([,;:])(?:[,;:]| [,;:])+/g, '$1')
    .replace(/^[\s,;:.]+/, '')
    .replace(/[\s,;:]+$/, '')
    .trim();
}
