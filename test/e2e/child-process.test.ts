// End to end with the real process: `node src/main.ts` configured only through its environment, talking to the
// fake Discord. /say is heard; SIGTERM ends it with exit code 0 within 5 s; the token never reaches its output.
// With the bot in another process, packet arrival times here are free of this process's own work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '../fake-discord/index.ts';
import type { FakeDiscord, FakeGuild } from '../fake-discord/index.ts';
import { preciseNow, waitUntil } from '../fake-discord/wait.ts';
import { E2E_TOKEN } from './helpers/e2e-bot.ts';
import { dbfs, largestArrivalGapMs, rmsOf, waitForUtterances } from './helpers/received-audio.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('the bot as a child process', { timeout: 120_000 }, () => {
  let fake: FakeDiscord;
  let guild: FakeGuild;
  let child: ChildProcess;
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  before(async () => {
    fake = await startFakeDiscord({ token: E2E_TOKEN });
    guild = fake.createGuild({ members: [{ username: 'alice', voiceChannel: 'Voice' }] });
    child = spawn(process.execPath, ['src/main.ts'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...fake.childEnv(),
        DISCORD_TOKEN: E2E_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_DEV_GUILD_ID: guild.id,
        DATABASE_URL: 'sqlite::memory:', GENERATOR_WORKERS: '1', HEALTH_PORT: '0', LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await waitUntil(() => (fake.gatewayStats.identifies > 0 && fake.registeredCommands(guild.id).length > 0 && output.includes('bot ready') ? true : undefined),
      'the child bot to be ready', { timeoutMs: 60_000, intervalMs: 50 })
      .catch((error: unknown) => assert.fail(`${String(error)}\nchild output:\n${output}`));
  });
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await fake.close();
  });

  it('/say is heard from the real process, then SIGTERM exits 0 within 5 s, and the token never appears in its output', async () => {
    // Warm-up utterance: the worker's first model runs are slow; the measured one below is the second.
    for (const text of ['Warming up.', 'Hello from a separate process, speaking through the whole pipeline.']) {
      fake.clearAudio(guild.id);
      const saidAt = preciseNow();
      const said = fake.injectSlashCommand({ guildId: guild.id, userId: 'alice', name: 'say', options: { text } });
      // The receiver has heard the previous message end, but the bot's player may still be sending its closing silence
      // frames, so the new message can honestly be second in line for a moment.
      assert.match((await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 })).content ?? '', /^(Speaking\.|Queued \(number 2 in line\)\.)$/, output);
      const { audio, utterances: [utterance] } = await waitForUtterances(() => fake.audioFor(guild.id), 1).catch((error: unknown) => {
        const packets = fake.audioFor(guild.id).packets;
        const pattern = packets.map((p) => (p.silenceFrame ? 'S' : p.peak === 0 ? '0' : 'A')).join('');
        return assert.fail(`${String(error)}\npackets (S silence frame, 0 zero, A audio): ${pattern}\nchild output tail:\n${output.slice(-3000)}`);
      });
      const gap = largestArrivalGapMs(audio.packets.slice(utterance.first, utterance.end));
      console.log(`[measure] child process "${text}": command -> first RTP ${(audio.packets[0].arrivedAt - saidAt).toFixed(0)} ms, heard ${utterance.durationMs} ms, `
        + `${utterance.underrunFrames} underrun frames, largest arrival gap ${gap.gapMs.toFixed(1)} ms`);
      assert.ok(utterance.durationMs >= 600, `speech heard (${utterance.durationMs} ms)`);
      assert.ok(dbfs(rmsOf(utterance.mono)) > -35, 'not silence');
      assert.deepEqual(audio.sequenceGaps, []);
    }
    assert.match(output, /\/say text/, 'debug logging was on, so message text paths were exercised');

    const signalledAt = performance.now();
    child.kill('SIGTERM');
    const result = await exited;
    const tookMs = performance.now() - signalledAt;
    console.log(`[measure] SIGTERM -> exit ${result.code} in ${tookMs.toFixed(0)} ms`);
    assert.deepEqual(result, { code: 0, signal: null }, output);
    assert.ok(tookMs < 5_000, `exited in ${tookMs.toFixed(0)} ms`);
    assert.ok(output.length > 0, 'the bot logged something');
    assert.ok(!output.includes(E2E_TOKEN), 'the token is not in stdout/stderr');
    assert.ok(!output.includes(E2E_TOKEN.split('.')[1]), 'no part of the token either');
  });
});
