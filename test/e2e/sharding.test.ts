// End to end, sharded: `SHARDING=2 node src/main.ts` runs discord.js's ShardingManager, which forks one bot process
// per shard. Against the fake Discord (which routes each guild to shard (guild_id >> 22) % 2) both shards identify,
// each guild's /say is heard, only shard 0 registers commands, and SIGTERM to the manager leaves no process behind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '../fake-discord/index.ts';
import type { FakeDiscord, FakeGuild } from '../fake-discord/index.ts';
import { shardForGuild, snowflakeOnShard } from '../fake-discord/snowflake.ts';
import { waitUntil } from '../fake-discord/wait.ts';
import { E2E_TOKEN } from './helpers/e2e-bot.ts';
import { dbfs, rmsOf, waitForUtterances } from './helpers/received-audio.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Whether any process is left in process group `pgid` (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the bot sharded over two processes', { timeout: 180_000 }, () => {
  let fake: FakeDiscord;
  let guilds: FakeGuild[];
  let manager: ChildProcess;
  let pgid = 0;
  let dataDir = '';
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  const fail = (error: unknown): never => assert.fail(`${String(error)}\nbot output tail:\n${output.slice(-4000)}`);

  before(async () => {
    fake = await startFakeDiscord({ token: E2E_TOKEN });
    guilds = [0, 1].map((shard) => fake.createGuild({
      id: snowflakeOnShard(shard, 2), name: `Shard ${shard} guild`, members: [{ username: `reader${shard}`, voiceChannel: 'Voice' }],
    }));
    dataDir = await mkdtemp(join(tmpdir(), 'tts-sharding-'));
    manager = spawn(process.execPath, ['src/main.ts'], {
      cwd: repoRoot,
      // Its own process group, so the test can tell whether the forked shard processes outlive the manager.
      detached: true,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...fake.childEnv(),
        DISCORD_TOKEN: E2E_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, SHARDING: '2',
        DATABASE_URL: `sqlite:${join(dataDir, 'settings.sqlite')}`, GENERATOR_WORKERS: '1', HEALTH_PORT: '0', LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pgid = manager.pid ?? 0;
    manager.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    manager.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => manager.once('exit', (code, signal) => resolve({ code, signal })));
  });

  after(async () => {
    if (pgid > 0 && groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('each shard identifies with its own shard, serves its own guild, commands are registered once, and SIGTERM ends all', async () => {
    assert.deepEqual(guilds.map((g) => shardForGuild(g.id, 2)), [0, 1], 'the guilds sit on different shards');
    const identified = (shard: number): boolean => fake.gatewayStats.identifiedShards.some(([id, count]) => id === shard && count === 2);
    // The manager starts the second shard ~5.5 s after the first is ready; first model loads are slow on a busy box.
    await waitUntil(() => (identified(0) && identified(1) ? true : undefined), 'IDENTIFY with shard [0,2] and [1,2]', { timeoutMs: 90_000, intervalMs: 100 })
      .catch(fail);
    await waitUntil(() => ((output.match(/bot ready/g) ?? []).length >= 2 ? true : undefined), 'both shards to log "bot ready"', { timeoutMs: 60_000, intervalMs: 100 })
      .catch(fail);
    assert.ok(fake.gatewayStats.identifiedShards.every(([, count]) => count === 2), 'nobody identified unsharded');
    for (const shard of [0, 1]) assert.equal(fake.gateway.shardSessions.get(shard)?.guildIds.has(guilds[shard].id), true);

    for (const guild of guilds) {
      fake.clearAudio(guild.id);
      const said = fake.injectSlashCommand({ guildId: guild.id, userId: guild.members.find((m) => !m.user.bot)?.user.id, name: 'say', options: { text: `Hello from ${guild.name}.` } });
      const reply = await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 }).catch(fail);
      assert.equal(reply.content, 'Speaking.', output.slice(-3000));
    }
    for (const guild of guilds) {
      const { utterances: [utterance] } = await waitForUtterances(() => fake.audioFor(guild.id), 1, 90_000).catch(fail);
      console.log(`[measure] sharded "${guild.name}": heard ${utterance.durationMs} ms at ${dbfs(rmsOf(utterance.mono)).toFixed(1)} dBFS`);
      assert.ok(utterance.durationMs >= 500, `${guild.name}: speech heard (${utterance.durationMs} ms)`);
      assert.ok(dbfs(rmsOf(utterance.mono)) > -35, `${guild.name}: not silence`);
    }
    // Each guild's voice connection came from its own shard's gateway session.
    for (const [shard, guild] of guilds.entries()) {
      assert.ok(fake.voiceSessions(guild.id).length > 0, `${guild.name} has a voice session`);
      assert.equal(fake.voiceSessions(guild.id)[0].sessionId, fake.gateway.shardSessions.get(shard)?.id);
    }

    const puts = fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    assert.equal(puts.length, 1, `one command registration, saw: ${puts.map((r) => r.path).join(', ')}`);
    assert.ok(fake.registeredCommands().some((c) => c.name === 'say'), '/say registered globally');

    manager.kill('SIGTERM');
    const result = await exited;
    assert.deepEqual(result, { code: 0, signal: null }, output.slice(-3000));
    await waitUntil(() => (groupAlive(pgid) ? undefined : true), 'every shard process to exit after the manager', { timeoutMs: 15_000, intervalMs: 100 })
      .catch(fail);
    assert.ok(!output.includes(E2E_TOKEN), 'the token is not in any process output');
  });
});
