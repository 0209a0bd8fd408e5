/**
 * One capacity trial: a fresh fake Discord and a fresh bot process, N guilds with one member each in a voice channel,
 * and every member sends a different /say at the same moment. Returns what each guild heard (packet headers only,
 * analysed by rtp-stream-stats) and what the bot process spent doing it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFakeDiscord } from '../../test/fake-discord/index.ts';
import type { FakeDiscord, FakeGuild, InjectedInteraction } from '../../test/fake-discord/index.ts';
import { preciseNow, waitUntil } from '../../test/fake-discord/wait.ts';
import { BENCH_TOKEN, startBotProcess } from './bot-process.ts';
import type { BotProcess } from './bot-process.ts';
import { readCpuByThreadName, readCpuTimes, readMachineCpu, readPeakRssBytes, threadCoresBetween } from './process-usage.ts';
import type { CpuTimes } from './process-usage.ts';
import { metricValue } from './prometheus-text.ts';
import { RtpPacketLog } from './rtp-packet-log.ts';
import { burstSettled } from './burst-progress.ts';
import type { GuildProgress } from './burst-progress.ts';
import { utteranceEnded, utteranceStats } from './rtp-stream-stats.ts';
import type { UtteranceStats } from './rtp-stream-stats.ts';

export interface TrialOptions {
  /** One /say text per guild; guild i speaks texts[i]. */
  readonly texts: readonly string[];
  /** Extra environment for the bot (GENERATOR_WORKERS=2, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** Speak one short sentence in a separate guild first, so the burst meets a bot past its first inference. */
  readonly warmUp: boolean;
  /** Have the bot /join every guild's voice channel before the burst, so first-packet latency leaves out joining. */
  readonly joinFirst: boolean;
  /** The fake's voice gateway DAVE version: 1 (Discord today, end-to-end encrypted frames) or 0 (transport only). */
  readonly daveProtocolVersion: 0 | 1;
  /** Give up waiting for the utterances after this long (guilds still going are reported as not ended). */
  readonly timeoutMs: number;
  /** No packet for this long after the closing silence frames means the utterance has ended. */
  readonly quietMs: number;
}

export interface GuildOutcome {
  /** Index into TrialOptions.texts. */
  readonly text: number;
  /** The first visible reply to the /say ("Speaking.", "Queued ...", an error or a wait notice); null if none came. */
  readonly reply: string | null;
  readonly replyMs: number | null;
  /** Edits or follow-ups after the first reply (a wait notice turning into "Speaking.", say). */
  readonly laterReplies: readonly string[];
  readonly ended: boolean;
  readonly stats: UtteranceStats;
}

export interface TrialResult {
  readonly guilds: readonly GuildOutcome[];
  /** The bot's configuration as it logged it at start-up (GENERATOR_WORKERS and the rest, token redacted). */
  readonly botConfig: Readonly<Record<string, unknown>> | null;
  /** From the /say burst to the last speech packet in any guild. */
  readonly wallSeconds: number;
  /** Bot process CPU (all threads) over that window, in cores; and its main thread alone. */
  readonly cpuCores: number;
  readonly mainThreadCores: number;
  /** The same as CPU seconds (all threads, and the main thread alone). */
  readonly cpuSeconds: number;
  readonly mainThreadCpuSeconds: number;
  /** Cores by thread name over the whole wait (MainThread, WorkerThread, V8Worker, ...), busiest first. */
  readonly threadCores: Readonly<Record<string, number>>;
  /** VmHWM at the end of the trial (start-up and model loading included). */
  readonly peakRssBytes: number;
  /** The bot's own event-loop delay percentiles over the window (prom-client default metrics); null if not exported. */
  readonly eventLoopP99Ms: number | null;
  readonly eventLoopMaxMs: number | null;
  /** Increase of the bot's tts_generator_delayed_requests_total (requests that waited for capacity); null if not exported. */
  readonly botDelayedRequests: number | null;
  /** Increase of the bot's tts_underruns_total (one per pause, not per frame); null if not exported. */
  readonly botUnderrunEvents: number | null;
  /** Mean of the bot's own tts_time_to_first_audio_seconds over the burst (command to first Opus frame handed to voice). */
  readonly botFirstAudioMeanMs: number | null;
  /** Datagrams the listener could not decrypt (0 unless the measurement itself broke). */
  readonly undecryptablePackets: number;
  /** CPU of this (measuring) process over the whole wait, in cores: what the fake Discord and the listener cost. */
  readonly listenerCores: number;
  /**
   * CPU the rest of the machine used meanwhile (busy cores less the bot's and this process's), and CPU stolen by the
   * hypervisor, in cores: a run with either well above zero was measured on a busy machine.
   */
  readonly otherLoadCores: number;
  readonly stealCores: number;
  /**
   * Longest stall of this process's event loop over the wait (ms). Arrival times are taken on it, so a packet gap
   * no longer than this may be the listener's own stall rather than the bot's.
   */
  readonly listenerLoopMaxMs: number;
}

/** A guild with a reply but no audio counts as refused after this long without any activity in any guild. */
const SILENT_GRACE_MS = 5_000;

interface CpuSample {
  readonly at: number;
  readonly cpu: CpuTimes;
}

async function warmUpBot(fake: FakeDiscord, packets: RtpPacketLog, guild: FakeGuild, quietMs: number): Promise<void> {
  const said = fake.injectSlashCommand({ guildId: guild.id, userId: 'warmup', name: 'say', options: { text: 'Warming up the voice.' } });
  await waitUntil(() => (utteranceEnded(packets.packets(guild.id), preciseNow(), quietMs) ? true : undefined),
    'the warm-up sentence to play out', { timeoutMs: 60_000, intervalMs: 100 })
    .catch((error: unknown) => {
      const reply = fake.repliesTo(said.id).find((r) => r.content)?.content ?? 'no reply';
      throw new Error(`${error instanceof Error ? error.message : String(error)} (reply: ${reply})`);
    });
}

async function joinAll(fake: FakeDiscord, guilds: readonly FakeGuild[], dave: boolean): Promise<void> {
  for (const [i, guild] of guilds.entries()) fake.injectSlashCommand({ guildId: guild.id, userId: `member${i + 1}`, name: 'join' });
  for (const guild of guilds) {
    await fake.waitForVoiceSession(guild.id, { timeoutMs: 30_000, intervalMs: 50 });
    // With DAVE the bot holds speech until its listeners can decrypt: wait for that too, or it lands in the latency.
    if (dave) await fake.waitForDaveGroup(guild.id, { timeoutMs: 30_000, intervalMs: 50 });
  }
}

function eventLoopMs(metrics: string | undefined, name: string): number | null {
  const seconds = metrics === undefined ? undefined : metricValue(metrics, name);
  return seconds === undefined ? null : seconds * 1000;
}

/** Mean of a seconds histogram's observations between two scrapes, in ms. */
function histogramMeanMs(before: string, after: string | undefined, name: string): number | null {
  if (after === undefined) return null;
  const delta = (suffix: string): number | undefined => {
    const a = metricValue(after, `${name}_${suffix}`);
    const b = metricValue(before, `${name}_${suffix}`);
    return a === undefined || b === undefined ? undefined : a - b;
  };
  const sum = delta('sum');
  const count = delta('count');
  return sum === undefined || count === undefined || count === 0 ? null : (sum / count) * 1000;
}

export async function runCapacityTrial(options: TrialOptions): Promise<TrialResult> {
  const fake = await startFakeDiscord({ token: BENCH_TOKEN, daveProtocolVersion: options.daveProtocolVersion });
  let bot: BotProcess | undefined;
  try {
    const packets = RtpPacketLog.attach(fake);
    const guilds = options.texts.map((_, i) => fake.createGuild({ name: `Guild ${i + 1}`, members: [{ username: `member${i + 1}`, voiceChannel: 'Voice' }] }));
    const warmGuild = options.warmUp ? fake.createGuild({ name: 'Warm-up', members: [{ username: 'warmup', voiceChannel: 'Voice' }] }) : undefined;
    bot = await startBotProcess(fake, options.env);
    if (warmGuild) await warmUpBot(fake, packets, warmGuild, options.quietMs);
    if (options.joinFirst) await joinAll(fake, guilds, options.daveProtocolVersion === 1);

    // Scraping resets prom-client's event-loop histogram, so the scrape after the burst covers the burst alone.
    const metricsBefore = await bot.metrics();
    const cpuSamples: CpuSample[] = [{ at: preciseNow(), cpu: await readCpuTimes(bot.pid) }];
    const listenerCpuBefore = process.cpuUsage();
    const listenerLoop = monitorEventLoopDelay({ resolution: 10 });
    listenerLoop.enable();
    const threadsBefore = await readCpuByThreadName(bot.pid);
    const machineBefore = await readMachineCpu();
    const sent: Array<{ at: number; interaction: InjectedInteraction }> = [];
    for (const [i, guild] of guilds.entries()) {
      const at = preciseNow();
      sent.push({ at, interaction: fake.injectSlashCommand({ guildId: guild.id, userId: `member${i + 1}`, name: 'say', options: { text: options.texts[i] } }) });
    }

    const repliesOf = (i: number): Array<{ content: string; at: number }> => fake.repliesTo(sent[i].interaction.id)
      .flatMap((r) => (typeof r.content === 'string' && r.content.length > 0 ? [{ content: r.content, at: r.at }] : []));
    const progress = (): GuildProgress[] => guilds.map((guild, i) => ({ packets: packets.packets(guild.id), repliedAt: repliesOf(i)[0]?.at ?? null }));
    let sampling = Promise.resolve();
    await waitUntil(() => {
      const now = preciseNow();
      const pid = bot?.pid ?? -1;
      sampling = sampling.then(async () => {
        cpuSamples.push({ at: preciseNow(), cpu: await readCpuTimes(pid) });
      }, () => undefined);
      return burstSettled(progress(), now, options.quietMs, SILENT_GRACE_MS) ? true : undefined;
    }, 'every guild to finish speaking', { timeoutMs: options.timeoutMs, intervalMs: 250 }).catch(() => undefined);
    await sampling.catch(() => undefined);
    const listenerCpu = process.cpuUsage(listenerCpuBefore);
    listenerLoop.disable();
    const listenerSeconds = (preciseNow() - cpuSamples[0].at) / 1000;
    const threadCores = threadCoresBetween(threadsBefore, await readCpuByThreadName(bot.pid), listenerSeconds);
    const machineAfter = await readMachineCpu();
    const botCpuAfter = await readCpuTimes(bot.pid);
    const listenerCores = (listenerCpu.user + listenerCpu.system) / 1e6 / listenerSeconds;
    const botCoresInWait = (botCpuAfter.process - cpuSamples[0].cpu.process) / listenerSeconds;

    const metricsAfter = await bot.metrics().catch(() => undefined);
    const peakRssBytes = await readPeakRssBytes(bot.pid);
    const lastSpeech = Math.max(...guilds.map((g) => packets.packets(g.id).findLast((p) => !p.silenceFrame)?.arrivedAt ?? 0));
    // CPU over the burst: from just before the first /say to the first sample at or after the last speech packet.
    const start = cpuSamples[0];
    const end = cpuSamples.find((s) => s.at >= lastSpeech) ?? cpuSamples[cpuSamples.length - 1];
    const windowSeconds = Math.max(1e-3, (end.at - start.at) / 1000);
    const counterIncrease = (name: string): number | null => {
      const before = metricValue(metricsBefore, name);
      const after = metricsAfter === undefined ? undefined : metricValue(metricsAfter, name);
      return before === undefined || after === undefined ? null : after - before;
    };
    const now = preciseNow();
    return {
      botConfig: bot.config,
      guilds: guilds.map((guild, i) => {
        const replies = repliesOf(i);
        const heard = packets.packets(guild.id);
        return {
          text: i, reply: replies[0]?.content ?? null, replyMs: replies[0] ? replies[0].at - sent[i].at : null,
          laterReplies: replies.slice(1).map((r) => r.content),
          ended: utteranceEnded(heard, now, options.quietMs), stats: utteranceStats(heard, sent[i].at),
        };
      }),
      wallSeconds: lastSpeech > 0 ? (lastSpeech - sent[0].at) / 1000 : 0,
      cpuCores: (end.cpu.process - start.cpu.process) / windowSeconds,
      mainThreadCores: (end.cpu.mainThread - start.cpu.mainThread) / windowSeconds,
      cpuSeconds: end.cpu.process - start.cpu.process,
      mainThreadCpuSeconds: end.cpu.mainThread - start.cpu.mainThread,
      threadCores,
      peakRssBytes,
      eventLoopP99Ms: eventLoopMs(metricsAfter, 'nodejs_eventloop_lag_p99_seconds'),
      eventLoopMaxMs: eventLoopMs(metricsAfter, 'nodejs_eventloop_lag_max_seconds'),
      botFirstAudioMeanMs: histogramMeanMs(metricsBefore, metricsAfter, 'tts_time_to_first_audio_seconds'),
      botUnderrunEvents: counterIncrease('tts_underruns_total'),
      botDelayedRequests: counterIncrease('tts_generator_delayed_requests_total'),
      undecryptablePackets: packets.undecryptable,
      listenerCores,
      otherLoadCores: Math.max(0, (machineAfter.busy - machineBefore.busy) / listenerSeconds - botCoresInWait - listenerCores),
      stealCores: (machineAfter.steal - machineBefore.steal) / listenerSeconds,
      listenerLoopMaxMs: listenerLoop.max / 1e6,
    };
  } finally {
    await bot?.stop();
    await fake.close();
  }
}
