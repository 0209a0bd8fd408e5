/**
 * One word the guild wants read differently. Text owns the shape; the settings store keeps entries of this shape
 * (src/storage/settings-store.ts has the same fields) without text having to know the store.
 */
export interface DictionaryEntry {
  /** Matched case-insensitively on word boundaries. */
  readonly pattern: string;
  readonly replacement: string;
}

/** A letter, digit or underscore: what a dictionary word may not be glued to on either side. */
const WORD_CHARACTER = /^[\p{L}\p{N}_]$/u;

/** The form both sides are compared in: NFKC (as the cleaned text is) and lower case. */
function matchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface Lookup {
  readonly replacements: ReadonlyMap<string, string>;
  /** First character of a key -> the text lengths (UTF-16 units) worth trying there, longest first. */
  readonly lengthsByFirst: ReadonlyMap<string, readonly number[]>;
}

function buildLookup(entries: readonly DictionaryEntry[]): Lookup {
  const replacements = new Map<string, string>();
  const lengths = new Map<string, Set<number>>();
  for (const entry of entries) {
    const pattern = entry.pattern.trim();
    const key = matchKey(pattern);
    if (key === '') continue;
    if (!replacements.has(key)) replacements.set(key, entry.replacement);
    const first = firstCharacter(key);
    const set = lengths.get(first) ?? new Set<number>();
    // Lower-casing or NFKC can change a length, so the stored form's length and the key's are both tried.
    set.add(pattern.length).add(key.length);
    lengths.set(first, set);
  }
  const lengthsByFirst = new Map([...lengths].map(([first, set]) => [first, [...set].sort((a, b) => b - a)] as const));
  return { replacements, lengthsByFirst };
}

function firstCharacter(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 0);
}

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && WORD_CHARACTER.test(character);
}

/**
 * Whole-word, case-insensitive replacements in one pass: longer patterns win ("lol xd" before "lol"), and a
 * replacement is never itself replaced again. Patterns are compared as plain text, never turned into a regular
 * expression, so a member's "e-mail", "c++" or "(x)" can neither break matching nor match anything but itself.
 * A match may not have a letter, digit or underscore directly before or after it.
 */
export function applyDictionary(text: string, entries: readonly DictionaryEntry[] | undefined): string {
  if (!entries || entries.length === 0 || text === '') return text;
  const lookup = buildLookup(entries);
  if (lookup.replacements.size === 0) return text;
  let out = '';
  let copiedUpTo = 0;
  let previous: string | undefined;
  let i = 0;
  while (i < text.length) {
    const character = firstCharacter(text.slice(i, i + 2));
    const match = isWordCharacter(previous) ? undefined : matchAt(text, i, lookup);
    if (match) {
      out += text.slice(copiedUpTo, i) + match.replacement;
      i += match.length;
      copiedUpTo = i;
      previous = lastCharacter(text.slice(Math.max(0, i - 2), i));
    } else {
      i += character.length;
      previous = character;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
/** Supplementary private use plane A: never typed in chat, not a letter or digit, one code point per placeholder. */
const PLACEHOLDER_BASE = 0xf0000;
const PLACEHOLDER = /[\u{F0000}-\u{FFFFD}]/gu;

/**
 * Entries whose word holds an emoji ("🔥" -> "lit") must match before emoji become their names; the rest match the
 * final words. This replaces the emoji entries' matches with placeholders that no later step changes, and returns the
 * other entries and how to put the replacements in at the end, so no replacement is ever replaced again.
 */
export function stashEmojiEntries(
  text: string,
  entries: readonly DictionaryEntry[] | undefined,
): { text: string; rest: DictionaryEntry[]; restore: (text: string) => string } {
  const all = entries ?? [];
  const emoji = all.filter((entry) => EMOJI.test(entry.pattern));
  const rest = all.filter((entry) => !EMOJI.test(entry.pattern));
  if (emoji.length === 0) return { text, rest, restore: (done) => done };
  const placeholders = emoji.map((entry, i) => ({ pattern: entry.pattern, replacement: ` ${String.fromCodePoint(PLACEHOLDER_BASE + i)} ` }));
  return {
    text: applyDictionary(text, placeholders),
    rest,
    restore: (done) => done.replace(PLACEHOLDER, (mark) => emoji[(mark.codePointAt(0) ?? PLACEHOLDER_BASE) - PLACEHOLDER_BASE]?.replacement ?? ''),
  };
}

function lastCharacter(text: string): string | undefined {
  return [...text].at(-1);
}

function matchAt(text: string, start: number, lookup: Lookup): { replacement: string; length: number } | undefined {
  const lengths = lookup.lengthsByFirst.get(matchKey(firstCharacter(text.slice(start, start + 2))));
  if (!lengths) return undefined;
  for (const length of lengths) {
    if (start + length > text.length) continue;
    const replacement = lookup.replacements.get(matchKey(text.slice(start, start + length)));
    if (replacement === undefined) continue;
    if (isWordCharacter(firstCharacter(text.slice(start + length, start + length + 2)))) continue;
    return { replacement, length };
  }
  return undefined;
}
