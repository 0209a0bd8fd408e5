/** One line of `espeak-ng --voices`: a language (or variant) espeak-ng can speak. */
export interface EspeakVoiceEntry {
  /** What `-v` takes and users type after `espeak:`, e.g. `en-us`, `de`, `cmn`. */
  readonly code: string;
  /** The voice's name with spaces restored, e.g. `English (America)`. */
  readonly name: string;
  /** The voice file relative to espeak-ng-data/voices, e.g. `gmw/en-US` or `!v/adam` for variants. */
  readonly file: string;
  /** Other language codes this voice answers to, with espeak-ng's priority (lower is preferred): "(en 3)". */
  readonly otherLanguages: readonly { readonly code: string; readonly priority: number }[];
}

/**
 * Parses the table `espeak-ng --voices` prints:
 * `Pty Language       Age/Gender VoiceName          File                 Other Languages`
 * ` 5  af              --/M      Afrikaans          gmw/af               `
 * espeak-ng writes spaces in names as underscores, so every column is one token.
 */
export function parseVoiceTable(lines: readonly string[]): EspeakVoiceEntry[] {
  const voices: EspeakVoiceEntry[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const match = /^\s*\d+\s+(\S+)\s+\S+\s+(\S+)\s+(\S+)(.*)$/u.exec(line);
    if (!match) continue;
    const [, code, name, file, rest] = match;
    const otherLanguages = [...rest.matchAll(/\((\S+)\s+(\d+)\)/gu)].map((m) => ({ code: m[1], priority: Number(m[2]) }));
    // Variants all share the language column "variant": their file names tell them apart.
    const key = (code === 'variant' ? file : code).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    voices.push({ code, name: name.replaceAll('_', ' '), file, otherLanguages });
  }
  return voices;
}

/**
 * Adds the codes that appear only as "other languages" (`en`, `fr`: espeak-ng's `-v fr` picks its preferred French
 * voice) as entries of their own, described like the voice espeak-ng prefers for them.
 */
export function withLanguageAliases(entries: readonly EspeakVoiceEntry[]): EspeakVoiceEntry[] {
  const known = new Set(entries.map((entry) => entry.code.toLowerCase()));
  const best = new Map<string, { entry: EspeakVoiceEntry; priority: number }>();
  for (const entry of entries) {
    for (const alias of entry.otherLanguages) {
      const key = alias.code.toLowerCase();
      if (known.has(key)) continue;
      const current = best.get(key);
      if (!current || alias.priority < current.priority) best.set(key, { entry, priority: alias.priority });
    }
  }
  const aliases = [...best].map(([code, { entry }]) => ({ code, name: entry.name, file: entry.file, otherLanguages: [] }));
  return [...entries, ...aliases].sort((a, b) => a.code.localeCompare(b.code));
}

/** Variant names (`--voices=variant` lists files `!v/<name>`), usable as `<language>+<variant>`. */
export function variantNames(entries: readonly EspeakVoiceEntry[]): string[] {
  return entries.filter((entry) => entry.file.startsWith('!v/')).map((entry) => entry.file.slice(3));
}

/**
 * `en-us` -> `en-US`, `cmn-latn-pinyin` -> `zh-Latn-pinyin` (Intl's canonical form); codes that are no BCP-47 tag
 * are returned as they are.
 */
export function bcp47Of(code: string): string {
  try {
    return Intl.getCanonicalLocales(code)[0] ?? code;
  } catch {
    return code;
  }
}
