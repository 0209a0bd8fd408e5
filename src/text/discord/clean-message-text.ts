import { describeAttachments } from './attachments.ts';
import { applyDictionary, stashEmojiEntries } from './dictionary.ts';
import { replaceDiscordMarkup } from './discord-markup.ts';
import { replaceUnicodeEmoji } from './emoji-names.ts';
import { capLength } from './length-cap.ts';
import { replaceMaskedLinks, replaceUrls } from './links.ts';
import { protectEscapes, removeLeftoverMarkup, removeSpoilers, replaceCodeBlocks, restoreEscapes, stashInlineCode, stripMarkdown } from './markdown.ts';
import type { CleanOptions, MessageTextInput } from './message-text-input.ts';
import {
  capRepeatedCharacters,
  collapseWhitespace,
  joinLines,
  removeFormatCharacters,
  removeZalgo,
  stripControlCharacters,
} from './normalise-text.ts';

/**
 * Turns a Discord message into the text to speak. Pure: same input, same output (pass `now` for relative
 * timestamps). Returns "" when nothing is worth saying, so the caller can skip the message.
 *
 * Order matters: code and spoilers go first (their contents are not read), links before markdown (URLs contain
 * `_` and `*`), Discord markup before markdown (emoji names contain `_`), emoji before NFKC (which would turn some
 * into letters), the dictionary on the final words, the length cap last so it counts what is actually spoken.
 */
export function cleanMessageText(message: MessageTextInput, options: CleanOptions): string {
  let text = stripControlCharacters(String(message.content ?? ''));
  text = protectEscapes(text);
  text = replaceCodeBlocks(text);
  const code = stashInlineCode(text);
  text = removeSpoilers(code.text);
  text = replaceMaskedLinks(text);
  text = replaceUrls(text);
  const context = { now: options.now ?? Date.now(), timeZone: options.timeZone ?? 'UTC' };
  text = replaceDiscordMarkup(text, message, context);
  text = stripMarkdown(text);
  // Code is read as written, except for what is never speakable: URLs and raw mention syntax.
  text = code.restore(text, (piece) => replaceDiscordMarkup(replaceUrls(piece), message, context));
  text = removeLeftoverMarkup(restoreEscapes(text));
  const emojiWords = stashEmojiEntries(text, options.dictionary);
  text = replaceUnicodeEmoji(emojiWords.text, options.readEmoji);
  text = removeFormatCharacters(text).normalize('NFKC');
  text = removeZalgo(text);
  text = capRepeatedCharacters(text, options.repeatedCharacterLimit);
  text = joinLines(text);
  text = emojiWords.restore(applyDictionary(text, emojiWords.rest));

  const attached = describeAttachments(message.attachments, message.stickerNames);
  text = collapseWhitespace(text);
  const hasWords = /[\p{L}\p{N}]/u.test(text);
  if (attached) text = hasWords ? `${text}, with ${attached}` : attached;
  else if (!hasWords) return '';
  return capLength(collapseWhitespace(text), options.maxLength);
}
