/**
 * Benchmark runner (npm run bench): runs every bench/*.bench.ts (or those whose name contains an argument), prints
 * each section as a table and writes all of them to bench/results/<timestamp>.json and bench/results/latest.json.
 * `--name value` options are handed to every bench (see lib/bench-args.ts), e.g. `npm run bench -- guilds --guilds 1,4`.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchMatches, parseBenchArgs } from './lib/bench-args.ts';
import { isBenchSection } from './lib/bench-section.ts';
import type { BenchFunction, BenchSection } from './lib/bench-section.ts';
import { formatTable } from './lib/format-table.ts';

interface BenchFailure {
  readonly file: string;
  readonly error: string;
}

const benchDir = dirname(fileURLToPath(import.meta.url));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'Usage: npm run bench [-- name... --option value...]\nRuns bench/*.bench.ts (those matching a name, if given), prints a ' +
      'table per section and writes bench/results/<time>.json and latest.json.\n' +
      'Capacity: npm run bench -- guilds [--guilds 1,2,4] [--runs K] [--env KEY=VALUE]... [--warmup off] [--join-first on] ' +
      '[--dave 0] [--timeout-s S] (see bench/capacity.bench.ts).',
  );
  process.exit(0);
}
let args;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const { filters, options } = args;
const files = (await readdir(benchDir))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((want) => benchMatches(f, want)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmarks found in ${benchDir}${filters.length > 0 ? ` matching ${filters.join(', ')}` : ''}.`);
  process.exit(1);
}

const sections: BenchSection[] = [];
const failures: BenchFailure[] = [];
for (const file of files) {
  try {
    const module = await import(pathToFileURL(join(benchDir, file)).href) as { default?: unknown };
    if (typeof module.default !== 'function') throw new Error('does not default-export an async function');
    const section: unknown = await (module.default as BenchFunction)(options);
    if (!isBenchSection(section)) throw new Error('did not return a { title, rows } section');
    sections.push(section);
    console.log(`${formatTable(section)}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push({ file, error: message });
    console.error(`${file} failed: ${message}\n`);
  }
}

const resultsDir = join(benchDir, 'results');
await mkdir(resultsDir, { recursive: true });
const startedAt = new Date();
const report = {
  date: startedAt.toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  sections,
  failures,
};
const json = `${JSON.stringify(report, null, 2)}\n`;
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
await writeFile(join(resultsDir, `${stamp}.json`), json);
await writeFile(join(resultsDir, 'latest.json'), json);
console.log(`Results written to bench/results/${stamp}.json and bench/results/latest.json`);
if (failures.length > 0) process.exitCode = 1;
