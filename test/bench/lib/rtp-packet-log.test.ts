// The capacity bench's listener against the real fake Discord and a real @discordjs/voice client (the fake's tiny
// child bot, which plays a 600 ms tone on /tone): every packet is logged with its RTP counters, silence frames are
// told apart without decoding, and the fake's own decoding receiver is bypassed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { RtpPacketLog } from '../../../bench/lib/rtp-packet-log.ts';
import { utteranceEnded, utteranceStats } from '../../../bench/lib/rtp-stream-stats.ts';
import { startFakeDiscord } from '../../fake-discord/index.ts';
import { preciseNow, waitUntil } from '../../fake-discord/wait.ts';

const childBot = fileURLToPath(new URL('../../fake-discord/child-bot.ts', import.meta.url));

it('logs a real voice client\'s packets: 30 speech frames of a 600 ms tone, then the closing silence frames', { timeout: 30_000 }, async () => {
  const fake = await startFakeDiscord({ token: 'bench-token' });
  const log = RtpPacketLog.attach(fake);
  const guild = fake.createGuild({ members: [{ username: 'dana', voiceChannel: 'Voice' }] });
  let output = '';
  const child = spawn(process.execPath, [childBot], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: fake.caCertPath, FAKE_DISCORD_API: fake.restUrl, FAKE_DISCORD_TOKEN: 'bench-token' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitUntil(() => (output.includes('child-bot ready') ? true : undefined), 'the child bot to be ready', { timeoutMs: 10_000, intervalMs: 20 })
      .catch((error: unknown) => assert.fail(`${String(error)}\nchild output:\n${output}`));
    const sentAt = preciseNow();
    const interaction = fake.injectSlashCommand({ guildId: guild.id, userId: 'dana', name: 'tone' });
    await fake.waitForReply(interaction.id, { predicate: (r) => r.kind === 'edit', timeoutMs: 10_000 });
    await waitUntil(() => (utteranceEnded(log.packets(guild.id), preciseNow(), 300) ? true : undefined), 'the tone to end', { timeoutMs: 5_000, intervalMs: 20 })
      .catch((error: unknown) => assert.fail(`${String(error)}: ${log.packets(guild.id).map((p) => (p.silenceFrame ? 'S' : 'A')).join('')} undecryptable ${log.undecryptable}\n${output}`));
    const packets = log.packets(guild.id);
    const stats = utteranceStats(packets, sentAt);
    assert.equal(stats.speechFrames, 30, '600 ms = 30 packets');
    assert.ok(packets.filter((p) => p.silenceFrame).length >= 3, 'closing silence frames recognised without decoding');
    assert.equal(stats.underrunFrames, 0);
    assert.equal(stats.missingSlots, 0);
    assert.ok(stats.firstPacketMs !== null && stats.firstPacketMs > 0 && stats.firstPacketMs < 10_000);
    assert.ok(Math.abs(stats.wallMs - 600) < 400, `wall ${stats.wallMs} ms for 600 ms of audio`);
    assert.equal(log.undecryptable, 0);
    assert.equal(fake.audioFor(guild.id).packets.length, 0, 'the fake\'s decoding receiver was bypassed');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await fake.close();
  }
});
