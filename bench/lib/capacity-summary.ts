/** Turns capacity trials into one table row per guild count, and finds the figure the README quotes. */
import { EVENT_LOOP_SAMPLING_MS } from '../../src/health/bot-metrics.ts';
import type { TrialResult } from './capacity-trial.ts';
import { FRAME_MS, LATE_GAP_MS, percentile } from './rtp-stream-stats.ts';

export interface GuildCountSummary {
  readonly guilds: number;
  readonly runs: number;
  /** Guild-utterances over all runs (guilds x runs). */
  readonly utterances: number;
  readonly firstPacketMs: { readonly p50: number; readonly p95: number; readonly max: number };
  /** The bot's own command-to-first-frame mean (its tts_time_to_first_audio histogram), over the runs that had it. */
  readonly botFirstAudioMeanMs: number | null;
  readonly guildsWithUnderruns: number;
  readonly underrunFramesMaxPerGuild: number;
  readonly underrunFramesTotal: number;
  /** Pauses heard (runs of underrun frames), to compare with the bot's own counter. */
  readonly underrunPauses: number;
  readonly botUnderrunEvents: number | null;
  readonly missingSlots: number;
  readonly lateGaps: number;
  readonly maxGapMs: number;
  readonly speechSecondsMin: number;
  readonly speechSecondsMax: number;
  /** Speech missing against the same text's longest hearing in this bench run, summed over guilds. */
  readonly lostSeconds: number;
  /** Guilds with no speech at all, and guilds that spoke but had not ended when the trial gave up. */
  readonly silentGuilds: number;
  readonly unfinishedGuilds: number;
  /** Largest (wall time first to last speech packet) / (speech heard): 1 when nothing was stretched by pauses. */
  readonly stretchMax: number;
  /** From the /say to its first visible reply, over the guilds that got one. */
  readonly replyMs: { readonly p50: number; readonly max: number };
  /** Requests the bot counted as waiting for generator capacity (its tts_generator_delayed_requests_total), all runs. */
  readonly botDelayedRequests: number | null;
  /** Reply texts (digits as #) and how often each came. */
  readonly replies: Readonly<Record<string, number>>;
  readonly cpuCores: number;
  readonly mainThreadCores: number;
  /** Main-thread share of a core per speaking stream, in % (target <= 1). */
  readonly mainThreadPercentPerStream: number;
  /** CPU seconds of every other thread (generator workers, ONNX, V8 helpers) per second of speech heard. */
  readonly otherThreadsCpuPerSpeechSecond: number;
  /** Mean cores per thread name over the runs, busiest first. */
  readonly threadCores: Readonly<Record<string, number>>;
  readonly peakRssMb: number;
  readonly eventLoopP99Ms: number | null;
  readonly eventLoopMaxMs: number | null;
  /** The measuring process (fake Discord + listener), in cores, largest over the runs. */
  readonly listenerCores: number;
  /** CPU of the rest of the machine and the hypervisor's steal, in cores, largest over the runs (TrialResult). */
  readonly otherLoadCores: number;
  readonly stealCores: number;
  /** Its longest event-loop stall (ms), largest over the runs: gaps up to this long may be the listener's. */
  readonly listenerLoopMaxMs: number;
  /** Every guild in every run spoke its whole text with no underrun frame and no lost packet. */
  readonly clean: boolean;
}

/** The bot's event-loop reading is the whole sampling period it ended; the delay is what exceeds the period. */
const pastTick = (readingMs: number | null): number | null => (readingMs === null ? null : Math.max(0, readingMs - EVENT_LOOP_SAMPLING_MS));

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function meanByName(records: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const means = names.map((name) => [name, mean(records.map((r) => r[name] ?? 0))] as const);
  return Object.fromEntries(means.sort((a, b) => b[1] - a[1]));
}

function meanOrNull(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : mean(known);
}

function maxOrNull(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/**
 * The most speech frames each text produced in any trial. Synthesis is deterministic for a given text, voice and
 * speed, so every hearing of a text should match; fewer frames means audio went missing.
 */
export function longestHearings(trials: readonly TrialResult[]): Map<number, number> {
  const longest = new Map<number, number>();
  for (const trial of trials) {
    for (const guild of trial.guilds) longest.set(guild.text, Math.max(longest.get(guild.text) ?? 0, guild.stats.speechFrames));
  }
  return longest;
}

export function summariseGuildCount(guilds: number, trials: readonly TrialResult[], longest: ReadonlyMap<number, number>): GuildCountSummary {
  const all = trials.flatMap((t) => t.guilds);
  const spoke = all.filter((g) => g.stats.speechFrames > 0);
  const latencies = spoke.map((g) => g.stats.firstPacketMs ?? Number.NaN);
  const speechSeconds = all.map((g) => (g.stats.speechFrames * FRAME_MS) / 1000);
  const lostFrames = all.map((g) => Math.max(0, (longest.get(g.text) ?? 0) - g.stats.speechFrames));
  const replyTimes = all.flatMap((g) => (g.replyMs === null ? [] : [g.replyMs]));
  const replies: Record<string, number> = {};
  for (const g of all) {
    const text = g.reply === null ? '(no reply)' : g.reply.replace(/\d+/g, '#');
    replies[text] = (replies[text] ?? 0) + 1;
  }
  const botEvents = trials.map((t) => t.botUnderrunEvents);
  const delayed = trials.map((t) => t.botDelayedRequests);
  const summary = {
    guilds, runs: trials.length, utterances: all.length,
    firstPacketMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: latencies.length > 0 ? Math.max(...latencies) : Number.NaN },
    botFirstAudioMeanMs: meanOrNull(trials.map((t) => t.botFirstAudioMeanMs)),
    guildsWithUnderruns: all.filter((g) => g.stats.underrunFrames > 0).length,
    underrunFramesMaxPerGuild: Math.max(0, ...all.map((g) => g.stats.underrunFrames)),
    underrunFramesTotal: all.reduce((n, g) => n + g.stats.underrunFrames, 0),
    underrunPauses: all.reduce((n, g) => n + g.stats.underrunRuns, 0),
    botUnderrunEvents: botEvents.some((e) => e === null) ? null : botEvents.reduce<number>((n, e) => n + (e ?? 0), 0),
    missingSlots: all.reduce((n, g) => n + g.stats.missingSlots, 0),
    lateGaps: all.reduce((n, g) => n + g.stats.lateGaps, 0),
    maxGapMs: Math.max(0, ...all.map((g) => g.stats.maxGapMs)),
    speechSecondsMin: Math.min(...speechSeconds),
    speechSecondsMax: Math.max(...speechSeconds),
    lostSeconds: (lostFrames.reduce((a, b) => a + b, 0) * FRAME_MS) / 1000,
    silentGuilds: all.length - spoke.length,
    unfinishedGuilds: all.filter((g) => g.stats.speechFrames > 0 && !g.ended).length,
    stretchMax: Math.max(0, ...spoke.map((g) => g.stats.wallMs / (g.stats.speechFrames * FRAME_MS))),
    replyMs: { p50: percentile(replyTimes, 0.5), max: replyTimes.length > 0 ? Math.max(...replyTimes) : Number.NaN },
    botDelayedRequests: delayed.some((d) => d === null) ? null : delayed.reduce<number>((n, d) => n + (d ?? 0), 0),
    replies,
    cpuCores: mean(trials.map((t) => t.cpuCores)),
    mainThreadCores: mean(trials.map((t) => t.mainThreadCores)),
    mainThreadPercentPerStream: (mean(trials.map((t) => t.mainThreadCores)) / Math.max(1, guilds)) * 100,
    otherThreadsCpuPerSpeechSecond: trials.reduce((n, t) => n + t.cpuSeconds - t.mainThreadCpuSeconds, 0)
      / Math.max(1e-9, speechSeconds.reduce((a, b) => a + b, 0)),
    threadCores: meanByName(trials.map((t) => t.threadCores)),
    peakRssMb: Math.max(...trials.map((t) => t.peakRssBytes)) / (1024 * 1024),
    eventLoopP99Ms: maxOrNull(trials.map((t) => t.eventLoopP99Ms)),
    eventLoopMaxMs: maxOrNull(trials.map((t) => t.eventLoopMaxMs)),
    listenerCores: Math.max(0, ...trials.map((t) => t.listenerCores)),
    otherLoadCores: Math.max(0, ...trials.map((t) => t.otherLoadCores)),
    stealCores: Math.max(0, ...trials.map((t) => t.stealCores)),
    listenerLoopMaxMs: Math.max(0, ...trials.map((t) => t.listenerLoopMaxMs)),
  };
  const clean = all.length > 0 && spoke.length === all.length && summary.unfinishedGuilds === 0 && summary.underrunFramesTotal === 0
    && summary.missingSlots === 0 && summary.lostSeconds === 0;
  return { ...summary, clean };
}

/**
 * The largest guild count that was clean together with every smaller count tried (a lucky clean run above a failing
 * count is not capacity), or 0 when the smallest was not; and the clean counts above it, for the record.
 */
export function largestCleanGuildCount(summaries: readonly GuildCountSummary[]): { readonly guilds: number; readonly cleanAbove: number[] } {
  const sorted = [...summaries].sort((a, b) => a.guilds - b.guilds);
  const firstUnclean = sorted.findIndex((s) => !s.clean);
  const cleanRun = firstUnclean < 0 ? sorted : sorted.slice(0, firstUnclean);
  const guilds = cleanRun.at(-1)?.guilds ?? 0;
  return { guilds, cleanAbove: sorted.filter((s) => s.clean && s.guilds > guilds).map((s) => s.guilds) };
}

const round = (value: number | null, digits = 0): number | string => (value === null || Number.isNaN(value) ? '-' : Number(value.toFixed(digits)));

/**
 * The printed table: one row per measure, one column per guild count (N=1, N=2, ...), so seven guild counts and two
 * dozen measures still fit a terminal.
 */
export function summaryTable(summaries: readonly GuildCountSummary[]): Array<Record<string, string | number>> {
  const columns = summaries.map(summaryRow);
  const measures = [...new Set(columns.flatMap((c) => Object.keys(c)))].filter((m) => m !== 'guilds');
  return measures.map((measure) => {
    const row: Record<string, string | number> = { measure };
    for (const [i, column] of columns.entries()) row[`N=${summaries[i].guilds}`] = column[measure] ?? '';
    return row;
  });
}

/** One guild count's figures by measure (x / y pairs keep each cell short). */
export function summaryRow(s: GuildCountSummary): Record<string, string | number> {
  const pair = (...values: Array<number | string | null>): string => values.map((v) => String(typeof v === 'number' ? round(v, Number.isInteger(v) ? 0 : 2) : v ?? '-')).join(' / ');
  return {
    guilds: s.guilds,
    runs: s.runs,
    'first pkt ms p50 / p95 / max': pair(round(s.firstPacketMs.p50), round(s.firstPacketMs.p95), round(s.firstPacketMs.max)),
    'bot-side first audio ms (mean)': round(s.botFirstAudioMeanMs),
    'guilds w/ underruns': `${s.guildsWithUnderruns} of ${s.utterances}`,
    'underrun frames max/guild / total': pair(s.underrunFramesMaxPerGuild, s.underrunFramesTotal),
    'pauses heard / bot counted': pair(s.underrunPauses, s.botUnderrunEvents),
    'lost pkts': s.missingSlots,
    [`gaps>${LATE_GAP_MS}ms / max ms`]: pair(s.lateGaps, round(s.maxGapMs)),
    'speech s/guild': s.speechSecondsMin === s.speechSecondsMax ? round(s.speechSecondsMin, 2) : `${round(s.speechSecondsMin, 2)}-${round(s.speechSecondsMax, 2)}`,
    'lost speech s': round(s.lostSeconds, 2),
    'no audio / unfinished': pair(s.silentGuilds, s.unfinishedGuilds),
    'wall/speech max': round(s.stretchMax, 2),
    'reply ms p50 / max': pair(round(s.replyMs.p50), round(s.replyMs.max)),
    'delayed for capacity (bot)': s.botDelayedRequests ?? '-',
    replies: Object.entries(s.replies).map(([text, n]) => `${n}x ${text}`).join('; '),
    'CPU cores bot / main': pair(round(s.cpuCores, 2), round(s.mainThreadCores, 2)),
    'main % core/stream': round(s.mainThreadPercentPerStream, 2),
    'other threads core-s/speech s': round(s.otherThreadsCpuPerSpeechSecond, 3),
    'busiest threads (cores)': Object.entries(s.threadCores).slice(0, 3).map(([name, cores]) => `${name} ${round(cores, 2)}`).join(', '),
    'peak RSS MB': round(s.peakRssMb),
    [`loop delay ms p99 / max`]: pair(round(pastTick(s.eventLoopP99Ms), 1), round(pastTick(s.eventLoopMaxMs), 1)),
    'listener cores': round(s.listenerCores, 3),
    'listener loop max ms': round(s.listenerLoopMaxMs, 1),
    'other load / steal (cores)': pair(round(s.otherLoadCores, 2), round(s.stealCores, 2)),
    clean: s.clean ? 'yes' : 'no',
  };
}
