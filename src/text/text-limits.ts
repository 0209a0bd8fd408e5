import { TEXT_LENGTH } from '../limits/speech-limits.ts';
import { normalizeEnglish } from './normalize-english.ts';
import { splitSentences } from './sentences.ts';

/**
 * The text cannot be read aloud: nothing to say, or more than the limit. The message is fit to show the user as it
 * is; the generator passes it on as a SpeechError with the same code.
 */
export class TextRejectedError extends Error {
  readonly code: 'empty-text' | 'text-too-long';
  constructor(code: 'empty-text' | 'text-too-long', message: string) {
    super(message);
    this.name = 'TextRejectedError';
    this.code = code;
  }
}

/** Longest text read aloud unless the caller sets its own limit. */
export const defaultMaxCharacters = TEXT_LENGTH.default;

export interface UtteranceOptions {
  /** BCP-47-ish language of the voice (`en-US`, `de`); English text is normalised. Default `en`. */
  readonly language?: string;
  /** Hard limit on the text's length in characters (code points), after trimming. */
  readonly maxCharacters?: number;
  /** Longest sentence handed to an engine; longer ones are cut at clause punctuation or spaces. */
  readonly maxSentenceLength?: number;
}

/**
 * Checks that `text` has something to say and is within `maxCharacters`; returns it trimmed. Throws
 * TextRejectedError('empty-text') or TextRejectedError('text-too-long') with a message fit to show the user as it is.
 */
export function checkTextLimits(text: string, maxCharacters = defaultMaxCharacters): string {
  if (!Number.isInteger(maxCharacters) || maxCharacters < 1) {
    throw new RangeError(`maxCharacters must be a positive integer, got ${maxCharacters}`);
  }
  const trimmed = typeof text === 'string' ? text.replace(/^[\s\p{Cc}]+|[\s\p{Cc}]+$/gu, '') : '';
  if (trimmed === '') throw new TextRejectedError('empty-text', 'There is nothing to say: the text is empty.');
  const length = countCharacters(trimmed);
  if (length > maxCharacters) {
    throw new TextRejectedError(
      'text-too-long',
      `That text is too long to read aloud: ${formatCount(length)} characters, and the limit is ${formatCount(maxCharacters)}.`,
    );
  }
  return trimmed;
}

/**
 * What a generator worker does with a request's text before any engine sees it: validate the length, normalise
 * English (numbers, money, times, symbols -> words), then split into sentences, one engine call each.
 */
export function prepareUtterance(text: string, options: UtteranceOptions = {}): string[] {
  const language = options.language?.trim() || 'en';
  const checked = checkTextLimits(text, options.maxCharacters ?? defaultMaxCharacters);
  const normalized = isEnglish(language) ? normalizeEnglish(checked) : checked;
  const sentences = splitSentences(normalized, language, { maxLength: options.maxSentenceLength });
  if (sentences.length === 0) throw new TextRejectedError('empty-text', 'There is nothing to say: the text has no words.');
  return sentences;
}

function isEnglish(language: string): boolean {
  return /^en(?:$|[-_])/iu.test(language);
}

/** Code points, so an emoji or a CJK character outside the BMP counts as one. */
function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
