import type { DictionaryEntry } from '../storage/settings-store.ts';

export type ParsedDictionary = { readonly ok: true; readonly entries: DictionaryEntry[] } | { readonly ok: false; readonly message: string };

/** Largest import accepted, in characters; the store caps the entry count itself. */
export const MAX_DICTIONARY_IMPORT_CHARS = 256 * 1024;

/**
 * Reads `[{"pattern": "...", "replacement": "..."}]` (what /dictionary export writes) or a plain object
 * `{"gif": "jif"}`. Anything else is a friendly error naming the first bad entry.
 */
export function parseDictionaryJson(text: string): ParsedDictionary {
  if (text.length > MAX_DICTIONARY_IMPORT_CHARS) return { ok: false, message: 'That dictionary file is too large (256 KB at most).' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'That is not valid JSON. Export a dictionary with /dictionary export to see the format.' };
  }
  const pairs: [unknown, unknown][] = Array.isArray(data)
    ? data.map((item: unknown) =>
        typeof item === 'object' && item !== null ? [(item as Record<string, unknown>).pattern, (item as Record<string, unknown>).replacement] : [undefined, undefined],
      )
    : typeof data === 'object' && data !== null
      ? Object.entries(data)
      : [];
  if (pairs.length === 0) return { ok: false, message: 'The dictionary is empty or not a list of {"pattern", "replacement"} entries.' };
  const entries: DictionaryEntry[] = [];
  for (const [index, [pattern, replacement]] of pairs.entries()) {
    if (typeof pattern !== 'string' || pattern.trim() === '' || typeof replacement !== 'string') {
      return { ok: false, message: `Entry ${index + 1} needs a text "pattern" and a text "replacement".` };
    }
    entries.push({ pattern: pattern.trim(), replacement });
  }
  return { ok: true, entries };
}

export function formatDictionaryJson(entries: readonly DictionaryEntry[]): string {
  return `${JSON.stringify(entries.map(({ pattern, replacement }) => ({ pattern, replacement })), null, 2)}\n`;
}
