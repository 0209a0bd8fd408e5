// End to end: the bot encodes speech at the bitrate of the voice channel it speaks in (64 kb/s by default on
// Discord, up to 96 kb/s, more when boosted), measured on the Opus packets a listener receives.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startE2eBot } from './helpers/e2e-bot.ts';
import type { E2eBot } from './helpers/e2e-bot.ts';
import { splitUtterances, waitForUtterances } from './helpers/received-audio.ts';

const TEXT = 'The library opens at nine in the morning and closes at six in the evening.';

describe("the channel's bitrate", { timeout: 120_000 }, () => {
  let e2e: E2eBot;

  before(async () => {
    const members = [{ username: 'alice', voiceChannel: 'Voice' }];
    e2e = await startE2eBot({
      guilds: [
        { name: 'Default', members },
        { name: 'Fast', members, voiceChannels: [{ name: 'Voice', bitrate: 96_000 }] },
        { name: 'Slow', members, voiceChannels: [{ name: 'Voice', bitrate: 32_000 }] },
      ],
    });
  });
  after(async () => {
    await e2e?.close();
  });

  it('the same sentence is sent at 64, 96 and 32 kb/s in channels set to those bitrates', async () => {
    const { fake } = e2e;
    const meanBytes: number[] = [];
    // One guild after another, so each is measured with the machine to itself.
    for (const guild of e2e.guilds) {
      const { id } = fake.injectSlashCommand({ guildId: guild.id, userId: 'alice', name: 'say', options: { text: TEXT } });
      assert.equal((await fake.waitForReplyContent(id, { timeoutMs: 30_000 })).content, 'Speaking.');
      const { audio } = await waitForUtterances(() => fake.audioFor(guild.id), 1);
      const [utterance] = splitUtterances(audio);
      const speech = audio.packets.slice(utterance.first, utterance.end).filter((p) => !p.silenceFrame && p.peak > 0.01);
      meanBytes.push(speech.reduce((sum, p) => sum + p.opusBytes, 0) / speech.length);
    }
    const [normal, fast, slow] = meanBytes;
    console.log(`[measure] mean Opus bytes per 20 ms of speech: 64 kb/s ${normal.toFixed(0)}, 96 kb/s ${fast.toFixed(0)}, 32 kb/s ${slow.toFixed(0)}`);
    // bytes = bits per second / 8 / 50 packets: 160 at 64 kb/s; the encoder's VBR stays near its target on speech.
    assert.ok(normal > 130 && normal < 190, `64 kb/s channel: ${normal.toFixed(0)} bytes per packet`);
    assert.ok(fast > normal * 1.3, `96 kb/s channel: ${fast.toFixed(0)} bytes per packet against ${normal.toFixed(0)}`);
    assert.ok(slow < normal * 0.7, `32 kb/s channel: ${slow.toFixed(0)} bytes per packet against ${normal.toFixed(0)}`);
  });
});
