import { removeEmoji } from './emoji-names.ts';
import { removeZalgo } from './normalise-text.ts';

const MAX_NAME_LENGTH = 32;

/**
 * A display name as it can be spoken: fancy unicode fonts folded to plain letters (NFKC), emoji, markup characters
 * and zalgo removed, at most 32 characters. Empty when nothing speakable is left.
 */
export function speakableName(name: string): string {
  const cleaned = removeZalgo(removeEmoji(String(name ?? '')).normalize('NFKC'))
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[*_~`|<>#@\\[\]{}^]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return '';
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const cut = cleaned.slice(0, MAX_NAME_LENGTH);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut).trim();
}
