import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { largestCleanGuildCount, longestHearings, summariseGuildCount, summaryRow, summaryTable } from '../../../bench/lib/capacity-summary.ts';
import type { GuildOutcome, TrialResult } from '../../../bench/lib/capacity-trial.ts';
import type { UtteranceStats } from '../../../bench/lib/rtp-stream-stats.ts';

function guild(text: number, stats: Partial<UtteranceStats> = {}, extra: Partial<GuildOutcome> = {}): GuildOutcome {
  const speechFrames = stats.speechFrames ?? 600;
  return {
    text, reply: 'Speaking.', replyMs: 20, laterReplies: [], ended: true, ...extra,
    stats: {
      firstPacketMs: 100, speechFrames, underrunFrames: 0, underrunRuns: 0, missingSlots: 0, lateGaps: 0, maxGapMs: 21,
      wallMs: speechFrames * 20, ssrcChanges: 0, ...stats,
    },
  };
}

function trial(guilds: GuildOutcome[], extra: Partial<TrialResult> = {}): TrialResult {
  return {
    guilds, botConfig: null, wallSeconds: 13, cpuCores: 0.5, mainThreadCores: 0.1, threadCores: { WorkerThread: 0.4, MainThread: 0.1 }, cpuSeconds: 6.5, mainThreadCpuSeconds: 1.3, peakRssBytes: 400 * 1024 * 1024, eventLoopP99Ms: 11,
    eventLoopMaxMs: 30, botUnderrunEvents: 0, botDelayedRequests: 0, undecryptablePackets: 0, listenerCores: 0.02, otherLoadCores: 0.01, stealCores: 0, listenerLoopMaxMs: 20, botFirstAudioMeanMs: 80, ...extra,
  };
}

describe('capacity summary', () => {
  it('a clean guild count: latency percentiles over every guild of every run, no underruns', () => {
    const trials = [
      trial([guild(0, { firstPacketMs: 100 }), guild(1, { firstPacketMs: 300 })]),
      trial([guild(0, { firstPacketMs: 200 }), guild(1, { firstPacketMs: 400 })], { cpuCores: 0.7, peakRssBytes: 500 * 1024 * 1024 }),
    ];
    const summary = summariseGuildCount(2, trials, longestHearings(trials));
    assert.equal(summary.utterances, 4);
    assert.deepEqual(summary.firstPacketMs, { p50: 200, p95: 400, max: 400 });
    assert.equal(summary.guildsWithUnderruns, 0);
    assert.equal(summary.cpuCores, 0.6);
    assert.equal(summary.peakRssMb, 500);
    assert.deepEqual(summary.threadCores, { WorkerThread: 0.4, MainThread: 0.1 });
    assert.equal(summary.mainThreadPercentPerStream, 5, '0.1 core over 2 streams');
    assert.ok(Math.abs(summary.otherThreadsCpuPerSpeechSecond - (2 * 5.2) / (4 * 12)) < 1e-9, '5.2 core-s per run over 4 x 12 s of speech');
    assert.equal(summary.stretchMax, 1);
    assert.deepEqual(summary.replies, { 'Speaking.': 4 });
    assert.equal(summary.clean, true);
  });

  it('underruns, lost packets and missing speech each make a guild count unclean', () => {
    const base = [guild(0), guild(1)];
    const longest = longestHearings([trial(base)]);
    const withUnderrun = summariseGuildCount(2, [trial([guild(0, { underrunFrames: 7, underrunRuns: 2, wallMs: 607 * 20 }), guild(1)], { botUnderrunEvents: 2 })], longest);
    assert.equal(withUnderrun.guildsWithUnderruns, 1);
    assert.equal(withUnderrun.underrunFramesMaxPerGuild, 7);
    assert.equal(withUnderrun.underrunPauses, 2);
    assert.equal(withUnderrun.botUnderrunEvents, 2);
    assert.ok(Math.abs(withUnderrun.stretchMax - 607 / 600) < 1e-9);
    assert.equal(withUnderrun.clean, false);

    assert.equal(summariseGuildCount(2, [trial([guild(0, { missingSlots: 1 }), guild(1)])], longest).clean, false);
    const short = summariseGuildCount(2, [trial([guild(0, { speechFrames: 550 }), guild(1)])], longest);
    assert.equal(short.lostSeconds, 1);
    assert.equal(short.clean, false);
  });

  it('a refused request: no audio, its reply counted (digits generalised), and not clean', () => {
    const trials = [trial([guild(0), guild(1, { speechFrames: 0, firstPacketMs: null }, { reply: 'Busy: 12 servers are speaking.', ended: false })])];
    const summary = summariseGuildCount(2, trials, longestHearings(trials));
    assert.equal(summary.silentGuilds, 1);
    assert.equal(summary.unfinishedGuilds, 0, 'a refused guild is silent, not unfinished');
    assert.deepEqual(summary.replies, { 'Speaking.': 1, 'Busy: # servers are speaking.': 1 });
    assert.deepEqual(summary.firstPacketMs, { p50: 100, p95: 100, max: 100 }, 'latency only over guilds that spoke');
    assert.equal(summary.clean, false);
  });

  it('a guild cut off by the trial timeout is unfinished', () => {
    const trials = [trial([guild(0, {}, { ended: false })])];
    const summary = summariseGuildCount(1, trials, longestHearings(trials));
    assert.equal(summary.unfinishedGuilds, 1);
    assert.equal(summary.clean, false);
  });

  it('the bot counters are summed over runs, and unknown when any run could not read them', () => {
    const trials = [trial([guild(0)], { botDelayedRequests: 3 }), trial([guild(0)], { botUnderrunEvents: null, botDelayedRequests: 2 })];
    const summary = summariseGuildCount(1, trials, longestHearings(trials));
    assert.equal(summary.botUnderrunEvents, null);
    assert.equal(summary.botDelayedRequests, 5);
  });

  it('the largest clean guild count, and a printable row', () => {
    const clean = summariseGuildCount(4, [trial([guild(0)])], new Map([[0, 600]]));
    const unclean = summariseGuildCount(8, [trial([guild(0, { underrunFrames: 1, underrunRuns: 1 })])], new Map([[0, 600]]));
    assert.deepEqual(largestCleanGuildCount([unclean, clean]), { guilds: 4, cleanAbove: [] });
    assert.deepEqual(largestCleanGuildCount([unclean]), { guilds: 0, cleanAbove: [] });
    const cleanAt16 = summariseGuildCount(16, [trial([guild(0)])], new Map([[0, 600]]));
    assert.deepEqual(largestCleanGuildCount([clean, unclean, cleanAt16]), { guilds: 4, cleanAbove: [16] }, 'a clean count above a failing one is not capacity');
    const row = summaryRow(clean);
    assert.equal(row['first pkt ms p50 / p95 / max'], '100 / 100 / 100');
    assert.equal(row['CPU cores bot / main'], '0.5 / 0.1');
    assert.equal(row['busiest threads (cores)'], 'WorkerThread 0.4, MainThread 0.1');
    assert.equal(row['loop delay ms p99 / max'], '6 / 25', 'readings of 11 and 30 ms less the 5 ms sampling period');
    assert.equal(row.clean, 'yes');
    const table = summaryTable([clean, unclean]);
    assert.deepEqual(table.find((r) => r.measure === 'clean'), { measure: 'clean', 'N=4': 'yes', 'N=8': 'no' });
    assert.equal(table.length, Object.keys(row).length - 1, 'one row per measure, the guild count is the column');
  });
});
