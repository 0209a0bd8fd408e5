import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { startFakeDiscord } from './index.ts';
import { estimateFrequency } from './test-signal.ts';
import { waitUntil } from './wait.ts';

const childBot = fileURLToPath(new URL('./child-bot.ts', import.meta.url));

it('a bot in a child process (trusting the voice cert via NODE_EXTRA_CA_CERTS) answers /tone and plays audio', async () => {
  // No trustInProcess here: only the child needs to trust the certificate.
  const fake = await startFakeDiscord({ token: 'child-token' });
  const guild = fake.createGuild({ members: [{ username: 'dave', voiceChannel: 'Voice' }] });
  let output = '';
  const child = spawn(process.execPath, [childBot], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: fake.caCertPath, FAKE_DISCORD_API: fake.restUrl, FAKE_DISCORD_TOKEN: 'child-token' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitUntil(() => (output.includes('child-bot ready') ? true : undefined), 'the child bot to be ready', { timeoutMs: 10000, intervalMs: 20 })
      .catch((error: unknown) => assert.fail(`${String(error)}\nchild output:\n${output}`));
    const interaction = fake.injectSlashCommand({ guildId: guild.id, userId: 'dave', name: 'tone' });
    const first = await fake.waitForReply(interaction.id);
    assert.equal(first.content, 'Joining Voice');
    assert.equal(first.ephemeral, true);
    const done = await fake.waitForReply(interaction.id, { predicate: (r) => r.kind === 'edit', timeoutMs: 8000 });
    assert.equal(done.content, 'Done', output);
    const audio = await fake.waitForSilence(guild.id, 100);
    assert.equal(audio.packets.filter((p) => !p.silenceFrame).length, 30, '600 ms = 30 packets');
    assert.deepEqual(audio.sequenceGaps, []);
    assert.equal(fake.daveCall(guild.id).stats.plaintextFrames, 0, 'heard through DAVE');
    assert.ok(Math.abs(estimateFrequency(audio.mono().subarray(960 * 3, 960 * 25)) - 880) < 3);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await fake.close();
  }
});
