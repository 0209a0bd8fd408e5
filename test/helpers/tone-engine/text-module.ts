import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const real = fileURLToPath(new URL('../../../src/text/text-limits.ts', import.meta.url));
const fallback = fileURLToPath(new URL('./simple-text.ts', import.meta.url));

/** The real text front end once it is in the checkout, the simple stand-in until then. */
export const testTextModule = existsSync(real) ? real : fallback;

export const toneEngineModule = fileURLToPath(new URL('./index.ts', import.meta.url));

type Prepare = (text: string, options: { language: string; maxCharacters: number }) => string[];

/** The same sentence split the worker will make, so tests can predict durations. */
export async function prepareForTest(text: string, maxCharacters = 1000): Promise<string[]> {
  const module = (await import(testTextModule)) as { prepareUtterance: Prepare };
  return module.prepareUtterance(text, { language: 'en-US', maxCharacters });
}
