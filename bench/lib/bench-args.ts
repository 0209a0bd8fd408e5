/**
 * The runner's command line: bare words choose benches (a part of the file name, or an alias such as `guilds`), and
 * `--name value` / `--name=value` options go to the benches that read them. An option may repeat (`--env A=1 --env
 * B=2`); every option takes a value, so `npm run bench -- --guilds 1,4 guilds` is unambiguous.
 */
export type BenchOptions = ReadonlyMap<string, readonly string[]>;

export interface BenchArgs {
  readonly filters: readonly string[];
  readonly options: BenchOptions;
}

/** Short names for benches whose file name does not say what people ask for. */
const BENCH_ALIASES: Readonly<Record<string, string>> = { guilds: 'capacity' };

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const filters: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      filters.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    if (name === '') throw new Error(`"${arg}" is not an option: write --name value`);
    let value: string;
    if (equals >= 0) value = arg.slice(equals + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value (--${name} VALUE or --${name}=VALUE)`);
      value = next;
      i++;
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { filters, options };
}

/** True when `filter` picks the bench in `file` (e.g. capacity.bench.ts): part of its name, or an alias of it. */
export function benchMatches(file: string, filter: string): boolean {
  return file.includes(filter) || (BENCH_ALIASES[filter] !== undefined && file.includes(BENCH_ALIASES[filter]));
}
