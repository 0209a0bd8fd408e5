import type { DictionaryEntry } from '../../storage/settings-store.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Whole-word, case-insensitive replacements in one pass: longer patterns win ("lol xd" before "lol"), and a
 * replacement is never itself replaced again.
 */
export function applyDictionary(text: string, entries: readonly DictionaryEntry[] | undefined): string {
  const usable = (entries ?? []).filter((entry) => entry.pattern.trim() !== '');
  if (usable.length === 0 || text === '') return text;
  const replacements = new Map<string, string>();
  for (const entry of usable) {
    const key = entry.pattern.trim().toLowerCase();
    if (!replacements.has(key)) replacements.set(key, entry.replacement);
  }
  const alternatives = [...replacements.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  return text.replace(pattern, (match: string) => replacements.get(match.toLowerCase()) ?? match);
}
