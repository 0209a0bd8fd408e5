import { DICTIONARY } from '../limits/speech-limits.ts';
import type { DictionaryEntry, DictionaryImportResult } from '../storage/settings-store.ts';

export type ParsedDictionary = { readonly ok: true; readonly entries: DictionaryEntry[] } | { readonly ok: false; readonly message: string };

const MAX_IMPORT_KB = Math.round(DICTIONARY.maxImportBytes / 1024);

/**
 * Reads `[{"pattern": "...", "replacement": "..."}]` (what /dictionary export writes) or a plain object
 * `{"gif": "jif"}`. Anything else is a friendly error naming the first bad entry.
 */
export function parseDictionaryJson(text: string): ParsedDictionary {
  if (Buffer.byteLength(text, 'utf8') > DICTIONARY.maxImportBytes) return { ok: false, message: `That dictionary file is too large (${MAX_IMPORT_KB} KB at most).` };
  let data: unknown;
  try {
    // A byte-order mark (Notepad saves one) is not JSON, but the file is fine.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
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

/** The /dictionary import answer: how many entries were added, updated and refused, so a partial import says so. */
export function formatImportResult(result: DictionaryImportResult): string {
  const { added, updated, refusedFull } = result;
  const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const stored = `Added ${count(added, 'new entry', 'new entries')}${updated > 0 ? ` and updated ${count(updated, 'entry', 'entries')}` : ''}.`;
  if (refusedFull === 0) return stored;
  return `${stored} ${count(refusedFull, 'entry was', 'entries were')} not added because the dictionary is full ` +
    `(${DICTIONARY.maxEntries} entries at most); remove some with /dictionary remove first.`;
}

export function formatDictionaryJson(entries: readonly DictionaryEntry[]): string {
  return `${JSON.stringify(entries.map(({ pattern, replacement }) => ({ pattern, replacement })), null, 2)}\n`;
}
