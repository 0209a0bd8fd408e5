/**
 * Stand-in for src/text/text-limits.ts's prepareUtterance while that module is not in the checkout: tests use the
 * real one when it exists (see text-module.ts). Validates, then splits at sentence punctuation.
 */
import { SpeechError } from '../../../src/generator/speech-request.ts';

export function prepareUtterance(text: string, options: { language: string; maxCharacters: number }): string[] {
  if (text.trim() === '') throw new SpeechError('empty-text', 'There is nothing to read.');
  if (text.length > options.maxCharacters) {
    throw new SpeechError('text-too-long', `That is too long to read: ${text.length} characters, the limit is ${options.maxCharacters}.`);
  }
  return text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s !== '');
}
