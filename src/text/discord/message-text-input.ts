import type { DictionaryEntry } from './dictionary.ts';

/** id -> display name, as a Map, a plain object, or a function (e.g. one that asks discord.js's cache). */
export type NameLookup = ReadonlyMap<string, string> | Readonly<Record<string, string>> | ((id: string) => string | undefined);

export interface AttachmentInfo {
  readonly name: string;
  /** MIME type as Discord reports it; may be missing, then the file name's extension decides. */
  readonly contentType?: string | null;
}

/** A Discord message as plain data: the caller copies what it needs out of discord.js objects. */
export interface MessageTextInput {
  readonly content: string;
  /** Display names of mentioned members (`<@id>`, `<@!id>`). */
  readonly users?: NameLookup;
  /** Names of mentioned roles (`<@&id>`). */
  readonly roles?: NameLookup;
  /** Names of mentioned channels (`<#id>`). */
  readonly channels?: NameLookup;
  readonly attachments?: readonly AttachmentInfo[];
  readonly stickerNames?: readonly string[];
}

export interface CleanOptions {
  /** Read unicode emoji by short name ("thumbs up"); false drops them. Custom server emoji are always read by name. */
  readonly readEmoji: boolean;
  /** Longest run of one repeated (non-digit) character kept. */
  readonly repeatedCharacterLimit: number;
  /** Longest result in characters; longer text is cut at a word and ends with ", and so on". */
  readonly maxLength: number;
  /** Whole-word, case-insensitive replacements applied to the cleaned text (before phonemisation). */
  readonly dictionary?: readonly DictionaryEntry[];
  /** "Now" for relative timestamps (`<t:…:R>`), ms since the epoch. Default Date.now(). */
  readonly now?: number;
  /** Time zone for absolute timestamps. Default UTC. */
  readonly timeZone?: string;
}

export function lookupName(lookup: NameLookup | undefined, id: string): string | undefined {
  if (!lookup) return undefined;
  if (typeof lookup === 'function') return lookup(id);
  if (lookup instanceof Map) return lookup.get(id);
  const record = lookup as Readonly<Record<string, string>>;
  return Object.hasOwn(record, id) ? record[id] : undefined;
}
