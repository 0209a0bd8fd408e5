import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, utteranceEnded, utteranceStats } from '../../../bench/lib/rtp-stream-stats.ts';
import type { HeardPacket } from '../../../bench/lib/rtp-stream-stats.ts';

/**
 * Packets as @discordjs/voice sends them: one per 20 ms, sequence +1, timestamp +960. Pattern letters: A speech,
 * S silence frame, '-' a slot whose packet never arrived. `late` delays the arrival of the packet at an index (and,
 * as a stalled sender does, every packet after it by as much).
 */
function heard(pattern: string, options: { start?: number; late?: Record<number, number>; sequence?: number } = {}): HeardPacket[] {
  const packets: HeardPacket[] = [];
  let delay = 0;
  for (let slot = 0; slot < pattern.length; slot++) {
    delay += options.late?.[slot] ?? 0;
    if (pattern[slot] === '-') continue;
    packets.push({
      arrivedAt: (options.start ?? 1000) + slot * 20 + delay, sequence: ((options.sequence ?? 0) + slot) % 65536,
      timestamp: (slot * 960) % 2 ** 32, ssrc: 7, silenceFrame: pattern[slot] === 'S',
    });
  }
  return packets;
}

describe('utteranceStats', () => {
  it('a clean utterance: all speech, closing silence frames not counted as underruns', () => {
    const stats = utteranceStats(heard('AAAAAAAAAASSSSS', { start: 1150 }), 1000);
    assert.equal(stats.firstPacketMs, 150);
    assert.equal(stats.speechFrames, 10);
    assert.equal(stats.underrunFrames, 0);
    assert.equal(stats.underrunRuns, 0);
    assert.equal(stats.missingSlots, 0);
    assert.equal(stats.lateGaps, 0);
    assert.equal(stats.maxGapMs, 20);
    assert.equal(stats.wallMs, 200);
  });

  it('silence frames between speech are underrun frames, counted per frame and per pause', () => {
    const stats = utteranceStats(heard('AAASSAAAASSSAASSSSS'), 1000);
    assert.equal(stats.speechFrames, 9);
    assert.equal(stats.underrunFrames, 5);
    assert.equal(stats.underrunRuns, 2);
    assert.equal(stats.wallMs, 14 * 20, 'speech plus pauses');
  });

  it('leading silence frames (before any speech) are not underruns; first packet means first speech', () => {
    const stats = utteranceStats(heard('SSAAAA'), 1000);
    assert.equal(stats.underrunFrames, 0);
    assert.equal(stats.firstPacketMs, 40);
  });

  it('missing sequence numbers are missing slots, across the 16-bit wrap too', () => {
    const stats = utteranceStats(heard('AA--AAA-A', { sequence: 65534 }), 1000);
    assert.equal(stats.missingSlots, 3);
    assert.equal(stats.speechFrames, 6);
  });

  it('a stalled sender shows as late arrival gaps, not as underruns or lost packets', () => {
    const stats = utteranceStats(heard('AAAAAAAA', { late: { 3: 100, 6: 15 } }), 1000);
    assert.equal(stats.lateGaps, 1, 'the 35 ms gap is under the threshold');
    assert.equal(stats.maxGapMs, 120);
    assert.equal(stats.underrunFrames, 0);
    assert.equal(stats.missingSlots, 0);
  });

  it('a new SSRC (reconnection) is counted and its counter restart is not mistaken for lost packets', () => {
    const before = heard('AAA');
    const after = heard('AAA', { start: 1060, sequence: 500 }).map((p) => ({ ...p, ssrc: 8 }));
    const stats = utteranceStats([...before, ...after], 1000);
    assert.equal(stats.ssrcChanges, 1);
    assert.equal(stats.missingSlots, 0);
    assert.equal(stats.speechFrames, 6);
  });

  it('no speech at all', () => {
    const stats = utteranceStats(heard('SSSSS'), 1000);
    assert.equal(stats.firstPacketMs, null);
    assert.equal(stats.speechFrames, 0);
    assert.equal(utteranceStats([], 0).speechFrames, 0);
  });
});

describe('utteranceEnded', () => {
  const packets = heard('AAAASSSSS', { start: 0 });
  const lastArrival = packets[packets.length - 1].arrivedAt;
  it('needs the closing silence frames and a quiet line afterwards', () => {
    assert.equal(utteranceEnded(packets, lastArrival + 499, 500), false);
    assert.equal(utteranceEnded(packets, lastArrival + 500, 500), true);
  });
  it('a pause mid-speech (too few silence frames yet) or no speech is not an end', () => {
    assert.equal(utteranceEnded(heard('AAAASS', { start: 0 }), 10_000, 500), false);
    assert.equal(utteranceEnded(heard('SSSSSSS', { start: 0 }), 10_000, 500), false);
  });
});

describe('percentile', () => {
  it('nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    assert.equal(percentile(values, 0.5), 5);
    assert.equal(percentile(values, 0.95), 10);
    assert.equal(percentile(values, 0), 1);
    assert.equal(percentile([42], 0.95), 42);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });
});
