import type { WASI } from 'node:wasi';

let wasiClass: Promise<typeof WASI> | undefined;

/**
 * Loads node:wasi without its one-time "WASI is an experimental feature" warning, which otherwise lands on every
 * user's console (bot and CLI) and reads like a fault. Only that warning is dropped; any other passes through.
 */
export function loadWasi(): Promise<typeof WASI> {
  wasiClass ??= (async () => {
    const emitWarning = process.emitWarning;
    process.emitWarning = function filtered(this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (/\bWASI\b/.test(text)) return;
      (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
    } as typeof process.emitWarning;
    try {
      return (await import('node:wasi')).WASI;
    } finally {
      process.emitWarning = emitWarning;
    }
  })();
  return wasiClass;
}
