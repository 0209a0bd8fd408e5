/**
 * Capacity (npm run bench -- guilds): how many servers one bot process serves at once without listeners hearing
 * pauses. For each guild count N, a fresh `node src/main.ts` against the fake Discord in this process; N guilds with one
 * member each in a voice channel all send a different ~15 s /say at the same moment (default voice and settings).
 * The listener reads RTP headers only (see lib/rtp-stream-stats.ts); the bot's CPU and memory come from /proc, its
 * event-loop delay and underrun counter from its own /metrics.
 *
 *   --guilds 1,4,8      guild counts (default 1,2,4,8,16,24,32)
 *   --runs K            trials per guild count (default 1); each is a fresh bot
 *   --env KEY=VALUE     extra bot environment, repeatable (GENERATOR_WORKERS=2, ...)
 *   --warmup off        skip the one-sentence warm-up in a separate guild before the burst
 *   --join-first on     /join every guild's voice channel before the burst (first packet then leaves out joining)
 *   --dave 0            voice without DAVE end-to-end encryption (default 1, as Discord requires)
 *   --timeout-s S       give up on a trial after S seconds of waiting for speech (default 90 + 3 per guild)
 */
import { readFileSync } from 'node:fs';
import { EVENT_LOOP_SAMPLING_MS } from '../src/health/bot-metrics.ts';
import type { BenchOptions } from './lib/bench-args.ts';
import type { BenchSection } from './lib/bench-section.ts';
import { runCapacityTrial } from './lib/capacity-trial.ts';
import type { TrialResult } from './lib/capacity-trial.ts';
import { largestCleanGuildCount, longestHearings, summariseGuildCount, summaryTable } from './lib/capacity-summary.ts';

const DEFAULT_GUILD_COUNTS = [1, 2, 4, 8, 16, 24, 32];
const KNOWN_OPTIONS = ['guilds', 'runs', 'env', 'warmup', 'join-first', 'dave', 'timeout-s'];
const QUIET_MS = 1_500;

interface CapacityOptions {
  readonly guildCounts: readonly number[];
  readonly runs: number;
  readonly env: Readonly<Record<string, string>>;
  readonly warmUp: boolean;
  readonly joinFirst: boolean;
  readonly daveProtocolVersion: 0 | 1;
  readonly timeoutSeconds: number | undefined;
}

function single(options: BenchOptions, name: string): string | undefined {
  const values = options.get(name);
  if (values && values.length > 1) throw new Error(`--${name} was given ${values.length} times; give it once`);
  return values?.[0];
}

function positiveInteger(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a whole number from 1 up, not "${text}"`);
  return value;
}

function onOff(options: BenchOptions, name: string, fallback: boolean): boolean {
  const value = single(options, name);
  if (value === undefined) return fallback;
  if (value !== 'on' && value !== 'off') throw new Error(`--${name} takes on or off, not "${value}"`);
  return value === 'on';
}

export function capacityOptions(options: BenchOptions): CapacityOptions {
  const unknown = [...options.keys()].filter((name) => !KNOWN_OPTIONS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.map((n) => `--${n}`).join(', ')}; the capacity bench takes ${KNOWN_OPTIONS.map((n) => `--${n}`).join(', ')}`);
  const guildsText = single(options, 'guilds');
  const guildCounts = guildsText === undefined ? DEFAULT_GUILD_COUNTS : guildsText.split(',').map((n) => positiveInteger(n.trim(), '--guilds'));
  const runsText = single(options, 'runs');
  const env: Record<string, string> = {};
  for (const pair of options.get('env') ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new Error(`--env takes KEY=VALUE, not "${pair}"`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const timeoutText = single(options, 'timeout-s');
  const dave = single(options, 'dave') ?? '1';
  if (dave !== '0' && dave !== '1') throw new Error(`--dave takes 0 or 1, not "${dave}"`);
  return {
    guildCounts, runs: runsText === undefined ? 1 : positiveInteger(runsText, '--runs'), env,
    warmUp: onOff(options, 'warmup', true), joinFirst: onOff(options, 'join-first', false), daveProtocolVersion: dave === '1' ? 1 : 0,
    timeoutSeconds: timeoutText === undefined ? undefined : positiveInteger(timeoutText, '--timeout-s'),
  };
}

function loadParagraphs(): string[] {
  const text = readFileSync(new URL('./texts/capacity-paragraphs.txt', import.meta.url), 'utf8');
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

export default async function capacityBench(rawOptions: BenchOptions): Promise<BenchSection> {
  const options = capacityOptions(rawOptions);
  const paragraphs = loadParagraphs();
  const trials = new Map<number, TrialResult[]>();
  const failures: Array<{ guilds: number; run: number; error: string }> = [];
  for (const guilds of options.guildCounts) {
    for (let run = 1; run <= options.runs; run++) {
      const texts = Array.from({ length: guilds }, (_, i) => paragraphs[i % paragraphs.length]);
      console.error(`capacity: ${guilds} guild(s), run ${run} of ${options.runs} ...`);
      try {
        const trial = await runCapacityTrial({
          texts, env: options.env, warmUp: options.warmUp, joinFirst: options.joinFirst, daveProtocolVersion: options.daveProtocolVersion,
          quietMs: QUIET_MS, timeoutMs: (options.timeoutSeconds ?? 90 + 3 * guilds) * 1000,
        });
        trials.set(guilds, [...(trials.get(guilds) ?? []), trial]);
      } catch (error) {
        // One failed trial (the bot did not start, say) must not throw away the guild counts already measured.
        const message = error instanceof Error ? error.message : String(error);
        console.error(`capacity: ${guilds} guild(s), run ${run} failed: ${message}`);
        failures.push({ guilds, run, error: message });
      }
    }
  }
  const longest = longestHearings([...trials.values()].flat());
  const measured = options.guildCounts.filter((guilds) => trials.has(guilds));
  const summaries = measured.map((guilds) => summariseGuildCount(guilds, trials.get(guilds) ?? [], longest));
  const best = largestCleanGuildCount(summaries);
  const failureNotes = failures.map((f) => `N=${f.guilds} run ${f.run} FAILED: ${f.error.split('\n')[0].slice(0, 160)}`);
  if (summaries.length === 0) throw new Error(`every trial failed; the first: ${failures[0]?.error ?? 'none ran'}`);
  const envText = Object.entries(options.env).map(([k, v]) => `${k}=${v}`).join(' ') || 'none (bot defaults)';
  const botConfig = [...trials.values()].flat()[0]?.botConfig;
  const configText = botConfig ? ` (the bot ran with generatorWorkers=${String(botConfig.generatorWorkers)}, `
    + `generatorProviders=${String(botConfig.generatorProviders)}, defaultVoice=${String(botConfig.defaultVoice)})` : '';
  return {
    title: 'Capacity: N guilds each start a different ~15 s /say at once (real bot process, fake Discord)',
    rows: summaryTable(summaries),
    notes: [
      ...failureNotes,
      `Largest N with zero underruns in every guild (all spoke in full, no lost packet), every smaller N tried clean too: `
        + `${best.guilds === 0 ? 'none of those tried' : best.guilds}${best.cleanAbove.length > 0 ? ` (also clean, above an unclean N: ${best.cleanAbove.join(', ')})` : ''}`,
      `Bot environment: ${envText}${configText}; warm-up sentence first: ${options.warmUp ? 'yes' : 'no'}; `
        + `bot joined the channels before the burst: ${options.joinFirst ? 'yes' : 'no (the /say joins)'}; `
        + `DAVE: ${options.daveProtocolVersion === 1 ? 'on' : 'off'}; ${options.runs} run(s) per N, each a fresh bot process.`,
      'first pkt: /say sent -> first speech RTP packet in that guild. Underrun frames: Opus silence frames between the first and last speech packet',
      '(20 ms of inserted pause each). Lost speech: frames short of the same text\'s longest hearing in this invocation (synthesis is deterministic).',
      'CPU: utime+stime of all bot threads over burst -> last speech packet. loop delay p99/max: the bot\'s prom-client event-loop histogram',
      `over the burst, less its ${EVENT_LOOP_SAMPLING_MS} ms sampling period (Node records each period whole, so an idle loop reads ${EVENT_LOOP_SAMPLING_MS} ms). Peak RSS: VmHWM including start-up.`,
      'main % core/stream: main-thread CPU over the burst / N (issue target <= 1 %). other threads core-s/speech s: CPU seconds of every',
      'thread but the main one (generator workers, ONNX, V8 helpers, libuv) per second of speech heard (generator target <= 0.05).',
      'listener cores: CPU of this process (fake Discord + RTP listener, no Opus decoding) while it waited; it shares the machine with the bot.',
      'other load / steal: the busiest run\'s CPU of everything else on the machine (/proc/stat less the bot and this process) and the hypervisor\'s steal, in cores: well above 0, the run was measured on a busy machine.',
      'listener loop max: the longest stall of this process\'s event loop, where arrival times are taken: a gap up to that long may be the listener\'s, not the bot\'s.',
      ...(options.guildCounts.some((n) => n > paragraphs.length) ? [`More guilds than the ${paragraphs.length} paragraphs: texts repeat.`] : []),
    ],
    details: {
      options: { ...options },
      summaries,
      largestCleanGuildCount: best,
      failures,
      trials: Object.fromEntries([...trials].map(([guilds, results]) => [guilds, results])),
    },
  };
}
