import { removeTerminalEscapes } from '../control-characters.ts';

/**
 * Terminal escapes ("\e[31m") go whole, so their parameters are not read aloud; other control characters become
 * spaces (except line breaks, kept for line joining); \r\n becomes \n.
 */
export function stripControlCharacters(text: string): string {
  return removeTerminalEscapes(text).replace(/\r\n?/g, '\n').replace(/[^\n\P{Cc}]/gu, ' ');
}

/** Zero-width and other invisible format characters (ZWJ, bidi marks, soft hyphen, tag characters). */
export function removeFormatCharacters(text: string): string {
  return text.replace(/\p{Cf}/gu, '');
}

/**
 * Zalgo is letters buried under stacked combining marks. Real text stacks at most two on a letter (Vietnamese
 * "ệ"), so a letter carrying three or more is zalgo: Latin, Greek and Cyrillic letters lose them all (their real
 * accents are single marks), other scripts keep the first two (Devanagari and Thai need theirs).
 */
export function removeZalgo(text: string): string {
  return text
    .normalize('NFD')
    .replace(/(\P{M})(\p{M}{3,})/gu, (_m, base: string, marks: string) =>
      /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}\p{P}\p{S}\s]/u.test(base) ? base : base + [...marks].slice(0, 2).join(''),
    )
    .replace(/^\p{M}+/u, '')
    .normalize('NFC');
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
    .replace(/ ([,.!?;:…)\]])/g, '$1')
    .replace(/([([]) /g, '$1')
    .replace(/([,;:])(?:[,;:]| [,;:])+/g, '$1')
    .replace(/^[\s,;:.]+/, '')
    .replace(/[\s,;:]+$/, '')
    .trim();
}
