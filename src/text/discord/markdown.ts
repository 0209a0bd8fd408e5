/**
 * Discord markdown to plain speech. Code blocks are summarised, inline code is kept but shielded from the
 * emphasis rules (so `my_var_name` survives), spoilers are skipped, formatting characters are removed.
 */

// Private-use characters never typed in chat: placeholders for escaped characters and stashed inline code.
const ESCAPE_BASE = 0xf000;
const CODE_OPEN = '\uE000';
const CODE_CLOSE = '\uE001';

/** `\*` -> a placeholder, so the character is read literally rather than taken as markup. */
export function protectEscapes(text: string): string {
  // An escaped mention or emoji (`\<@1>`) still shows a name-like thing; reading it as the name beats reading syntax.
  return text.replace(/\\([<:@])/g, '$1').replace(/\\([\\*_~`|>#\-[\]()])/g, (_m, char: string) => String.fromCharCode(ESCAPE_BASE + char.charCodeAt(0)));
}

export function restoreEscapes(text: string): string {
  return text.replace(/[\uF000-\uF07F]/g, (char) => String.fromCharCode(char.charCodeAt(0) - ESCAPE_BASE));
}

export function replaceCodeBlocks(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '\ncode block\n');
}

export interface StashedCode {
  readonly text: string;
  /** Puts the code back, each piece passed through `transform` first. */
  restore(text: string, transform?: (code: string) => string): string;
}

export function stashInlineCode(text: string): StashedCode {
  const pieces: string[] = [];
  const stashed = text.replace(/``([^`][\s\S]*?)``|`([^`\n]+)`/g, (_m, double: string | undefined, single: string | undefined) => {
    pieces.push((double ?? single ?? '').trim());
    return `${CODE_OPEN}${pieces.length - 1}${CODE_CLOSE}`;
  });
  return {
    text: stashed,
    restore: (current, transform = (code) => code) =>
      current.replace(/\uE000(\d+)\uE001/g, (_m, index: string) => ` ${transform(pieces[Number(index)] ?? '')} `),
  };
}

export function removeSpoilers(text: string): string {
  return text.replace(/\|\|[\s\S]+?\|\|/g, ' ');
}

const EMPHASIS = /(\*\*\*|\*\*|\*|~~|__)(?=\S)([\s\S]*?\S)\1/g;
const UNDERSCORE_ITALIC = /(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu;

export function stripMarkdown(text: string): string {
  let result = text
    .replace(/^[ \t]*#{1,3}[ \t]+/gm, '')
    .replace(/^[ \t]*-#[ \t]+/gm, '')
    .replace(/^[ \t]*>>>[ \t]?/gm, '')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^[ \t]*[-*+][ \t]+/gm, '')
    .replace(/^[ \t]*\d{1,3}[.)][ \t]+/gm, '');
  // Nested emphasis (***bold italic***, **__both__**) needs a few passes; three cover what Discord renders.
  for (let pass = 0; pass < 3; pass++) {
    const next = result.replace(EMPHASIS, '$2').replace(UNDERSCORE_ITALIC, '$1');
    if (next === result) break;
    result = next;
  }
  return result;
}

/**
 * Markup characters that formatted nothing (an unclosed `**`, an escaped `\||`, `~~` inside code) would be read as
 * "asterisk asterisk"; runs of them are dropped. Single characters stay: `5 * 3`, `a|b`.
 */
export function removeLeftoverMarkup(text: string): string {
  return text.replace(/\*{2,}|~{2,}|`+|\|{2,}|_{2,}/g, ' ');
}
