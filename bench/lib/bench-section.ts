import type { BenchOptions } from './bench-args.ts';

/** What each bench/*.bench.ts default-exports a function to produce: one titled table of measurements. */
export interface BenchSection {
  readonly title: string;
  readonly rows: Array<Record<string, string | number>>;
  /** Free-text notes printed under the table (how it was measured, the target). */
  readonly notes?: readonly string[];
  /** Anything more a bench wants kept in the JSON (per-run, per-guild figures); not printed. */
  readonly details?: unknown;
}

/** Receives the runner's `--name value` options; a bench reads only the names it knows. */
export type BenchFunction = (options: BenchOptions) => Promise<BenchSection>;

export function isBenchSection(value: unknown): value is BenchSection {
  if (typeof value !== 'object' || value === null) return false;
  const section = value as { title?: unknown; rows?: unknown };
  return typeof section.title === 'string' && Array.isArray(section.rows)
    && section.rows.every((row) => typeof row === 'object' && row !== null
      && Object.values(row).every((v) => typeof v === 'string' || typeof v === 'number'));
}
