import { fileURLToPath } from 'node:url';
import { prepareUtterance } from '../../../src/text/text-limits.ts';

/** The real text front end, as the worker uses it by default. */
export const testTextModule = fileURLToPath(new URL('../../../src/text/text-limits.ts', import.meta.url));

export const toneEngineModule = fileURLToPath(new URL('./index.ts', import.meta.url));

/** The same sentence split the worker will make, so tests can predict durations. */
export function prepareForTest(text: string, maxCharacters = 1000): string[] {
  return prepareUtterance(text, { language: 'en-US', maxCharacters });
}
