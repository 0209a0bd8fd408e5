/**
 * Which writing system a message is in, from the Unicode script of its letters, and which writing systems a voice's
 * language can read. Pure and small on purpose: the script is a reliable signal (a Cyrillic text is not for an
 * English voice) where telling languages of one script apart would need a statistical detector.
 */

/** Writing systems the bot tells apart. "Japanese" is kana, with or without kanji; "Han" is Han without kana. */
export type WritingSystem =
  | 'Latin' | 'Cyrillic' | 'Greek' | 'Armenian' | 'Georgian' | 'Hebrew' | 'Arabic' | 'Devanagari' | 'Bengali'
  | 'Gurmukhi' | 'Gujarati' | 'Tamil' | 'Telugu' | 'Kannada' | 'Malayalam' | 'Sinhala' | 'Thai' | 'Lao' | 'Myanmar'
  | 'Khmer' | 'Ethiopic' | 'Hangul' | 'Japanese' | 'Han';

/** Unicode scripts counted directly (kana and Han are counted apart, then combined). */
const SCRIPTS: readonly Exclude<WritingSystem, 'Japanese'>[] = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Devanagari', 'Bengali', 'Gurmukhi',
  'Gujarati', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Myanmar', 'Khmer', 'Ethiopic',
  'Hangul', 'Han',
];

const SCRIPT_PATTERNS: ReadonlyArray<readonly [Exclude<WritingSystem, 'Japanese'>, RegExp]> = SCRIPTS.map(
  (script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const,
);
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LETTER = /[\p{L}\p{M}]/u;

export interface ScriptCount {
  readonly script: WritingSystem;
  /** Letters (code points) of this writing system. */
  readonly letters: number;
}

/** Letters per writing system, most first; digits, punctuation, emoji and spaces are not counted. */
export function countScripts(text: string): ScriptCount[] {
  const counts = new Map<WritingSystem | 'Kana', number>();
  for (const character of text) {
    if (!LETTER.test(character)) continue;
    if (KANA.test(character)) {
      counts.set('Kana', (counts.get('Kana') ?? 0) + 1);
      continue;
    }
    const found = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(character));
    if (found) counts.set(found[0], (counts.get(found[0]) ?? 0) + 1);
  }
  // Kanji in a text with kana are Japanese; Han alone is Chinese (or kanji-only Japanese, which cannot be told apart).
  const kana = counts.get('Kana') ?? 0;
  if (kana > 0) {
    counts.set('Japanese', kana + (counts.get('Han') ?? 0));
    counts.delete('Han');
    counts.delete('Kana');
  }
  return [...counts]
    .map(([script, letters]) => ({ script: script as WritingSystem, letters }))
    .sort((a, b) => b.letters - a.letters);
}

/** The writing system most of the letters are in; null when the text has no letters (numbers, emoji names aside). */
export function dominantScript(text: string): WritingSystem | null {
  return countScripts(text)[0]?.script ?? null;
}

/** Primary language subtag -> the writing system its voices read (everything not listed reads Latin). */
const LANGUAGE_SCRIPT: Readonly<Record<string, WritingSystem>> = {
  ru: 'Cyrillic', uk: 'Cyrillic', be: 'Cyrillic', bg: 'Cyrillic', mk: 'Cyrillic', sr: 'Cyrillic', kk: 'Cyrillic', ky: 'Cyrillic',
  tt: 'Cyrillic', ba: 'Cyrillic', cv: 'Cyrillic', mn: 'Cyrillic', tg: 'Cyrillic',
  el: 'Greek', grc: 'Greek', hy: 'Armenian', ka: 'Georgian', he: 'Hebrew', yi: 'Hebrew',
  ar: 'Arabic', fa: 'Arabic', ur: 'Arabic', ps: 'Arabic', sd: 'Arabic', ug: 'Arabic',
  hi: 'Devanagari', mr: 'Devanagari', ne: 'Devanagari', sa: 'Devanagari', kok: 'Devanagari', mai: 'Devanagari',
  bn: 'Bengali', as: 'Bengali', bpy: 'Bengali', pa: 'Gurmukhi', gu: 'Gujarati', ta: 'Tamil', te: 'Telugu', kn: 'Kannada',
  ml: 'Malayalam', si: 'Sinhala', th: 'Thai', lo: 'Lao', my: 'Myanmar', km: 'Khmer', am: 'Ethiopic', ti: 'Ethiopic',
  ko: 'Hangul', ja: 'Japanese', zh: 'Han', cmn: 'Han', yue: 'Han', hak: 'Han', nan: 'Han',
};

function primarySubtag(language: string): string {
  return language.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
}

/** Whether a voice of `language` (a BCP-47-ish tag: `en-US`, `ja`, `cmn`) can read text in `script`. */
export function languageReads(language: string, script: WritingSystem): boolean {
  const subtag = primarySubtag(language);
  const own = LANGUAGE_SCRIPT[subtag] ?? 'Latin';
  // Japanese voices read kanji, and Han-only text may be kanji-only Japanese.
  return own === script || (own === 'Japanese' && script === 'Han');
}

/** The language a message in `script` is most likely in: what a fallback voice is chosen for. */
export function likelyLanguage(script: WritingSystem, text: string): string {
  switch (script) {
    case 'Cyrillic':
      // Letters only Ukrainian uses among the big Cyrillic languages.
      return /[іїєґІЇЄҐ]/u.test(text) ? 'uk' : /[ўЎ]/u.test(text) ? 'be' : 'ru';
    case 'Arabic':
      // Letters Persian (and Urdu) add to the Arabic alphabet.
      return /[پچژگکی]/u.test(text) ? 'fa' : 'ar';
    case 'Devanagari':
      return 'hi';
    case 'Bengali':
      return 'bn';
    default: {
      const entry = Object.entries(LANGUAGE_SCRIPT).find(([, value]) => value === script);
      return entry ? entry[0] : 'en';
    }
  }
}

/** A language's English name for messages ("Japanese", "Russian"); the code itself when Intl does not know it. */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
