import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { burstSettled } from '../../../bench/lib/burst-progress.ts';
import type { HeardPacket } from '../../../bench/lib/rtp-stream-stats.ts';

/** Packets one per 20 ms from `start`: A speech, S silence frame. */
function heard(pattern: string, start: number): HeardPacket[] {
  return [...pattern].map((kind, i) => ({ arrivedAt: start + i * 20, sequence: i, timestamp: i * 960, ssrc: 1, silenceFrame: kind === 'S' }));
}

describe('burstSettled', () => {
  const done = heard('AAAAASSSSS', 0); // last packet at 180 ms
  it('every guild spoke and ended: settled once the quiet line has passed', () => {
    assert.equal(burstSettled([{ packets: done, repliedAt: 10 }], 180 + 499, 500, 5_000), false);
    assert.equal(burstSettled([{ packets: done, repliedAt: 10 }], 180 + 500, 500, 5_000), true);
  });

  it('a guild still speaking (or mid-pause) keeps the burst going', () => {
    assert.equal(burstSettled([{ packets: done, repliedAt: 10 }, { packets: heard('AAAS', 0), repliedAt: 10 }], 10_000, 500, 5_000), false);
  });

  it('a refused guild (reply, no audio) is settled only after the grace since the last activity anywhere', () => {
    const guilds = [{ packets: done, repliedAt: 10 }, { packets: [], repliedAt: 50 }];
    assert.equal(burstSettled(guilds, 180 + 4_999, 500, 5_000), false, 'it may be waiting for the other guild to finish');
    assert.equal(burstSettled(guilds, 180 + 5_000, 500, 5_000), true);
  });

  it('a guild with no reply yet is never settled (the timeout decides)', () => {
    assert.equal(burstSettled([{ packets: done, repliedAt: 10 }, { packets: [], repliedAt: null }], 1e9, 500, 5_000), false);
  });
});
