// The fake gateway shards like Discord: IDENTIFY with shard [i, n] gets READY/GUILD_CREATE for the guilds with
// (guild_id >> 22) % n === i only, and each guild's events reach only its shard's session. Two real discord.js
// clients, one per shard, check that from the bot's side.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { ChatInputCommandInteraction, Message } from 'discord.js';
import { WebSocket } from 'ws';
import { startFakeDiscord } from './index.ts';
import type { FakeDiscord, FakeGuild } from './index.ts';
import { shardForGuild, snowflakeOnShard } from './snowflake.ts';

const TOKEN = 'fake-bot-token.sharding.not.secret';

function shardClient(fake: FakeDiscord, shard: number): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: fake.restUrl },
    shards: shard,
    shardCount: 2,
  });
}

/** Collects events of one kind a client receives, so a test can also assert what did NOT arrive. */
function collect<T>(client: Client, event: string): T[] {
  const seen: T[] = [];
  client.on(event, (value: T) => seen.push(value));
  return seen;
}

async function identifyRaw(fake: FakeDiscord, shard: unknown): Promise<{ code: number; ready?: { shard: unknown } }> {
  const socket = new WebSocket(fake.gatewayUrl);
  let ready: { shard: unknown } | undefined;
  socket.on('message', (raw: Buffer) => {
    const payload = JSON.parse(raw.toString()) as { op: number; t?: string; d: { shard: unknown } };
    if (payload.op === 10) socket.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: {}, shard } }));
    if (payload.t === 'READY') {
      ready = payload.d;
      socket.close(1000);
    }
  });
  const [code] = (await once(socket, 'close')) as [number];
  return { code, ready };
}

describe('fake Discord gateway with a sharded bot', () => {
  let fake: FakeDiscord;
  let guilds: [FakeGuild, FakeGuild];
  let clients: [Client, Client];
  let interactions: [ChatInputCommandInteraction[], ChatInputCommandInteraction[]];
  let messages: [Message[], Message[]];

  before(async () => {
    fake = await startFakeDiscord({ token: TOKEN });
    guilds = [
      fake.createGuild({ id: snowflakeOnShard(0, 2), name: 'Even', members: ['alice'] }),
      fake.createGuild({ id: snowflakeOnShard(1, 2), name: 'Odd', members: ['bob'] }),
    ];
    clients = [shardClient(fake, 0), shardClient(fake, 1)];
    interactions = [collect(clients[0], Events.InteractionCreate), collect(clients[1], Events.InteractionCreate)];
    messages = [collect(clients[0], Events.MessageCreate), collect(clients[1], Events.MessageCreate)];
    for (const client of clients) {
      const ready = once(client, Events.ClientReady);
      await client.login(TOKEN);
      await ready;
    }
  });

  after(async () => {
    await Promise.all((clients ?? []).map((c) => c.destroy()));
    await fake?.close();
  });

  it('places the constructed guild ids on the intended shards', () => {
    assert.equal(shardForGuild(guilds[0].id, 2), 0);
    assert.equal(shardForGuild(guilds[1].id, 2), 1);
    assert.equal(shardForGuild(guilds[1].id, 1), 0, 'unsharded: everything is shard 0');
    assert.throws(() => snowflakeOnShard(2, 2), /not a valid shard/);
  });

  it('identifies each shard and gives each client only its own guilds', () => {
    assert.deepEqual(fake.gatewayStats.identifiedShards, [[0, 2], [1, 2]]);
    assert.deepEqual([...clients[0].guilds.cache.keys()], [guilds[0].id]);
    assert.deepEqual([...clients[1].guilds.cache.keys()], [guilds[1].id]);
    assert.deepEqual(clients[0].ws.shards.map((s) => s.id), [0]);
  });

  it('routes a guild\'s interactions and messages to its own shard only', async () => {
    fake.injectSlashCommand({ guildId: guilds[1].id, name: 'say', options: { text: 'odd' } });
    fake.injectSlashCommand({ guildId: guilds[0].id, name: 'say', options: { text: 'even' } });
    fake.injectMessage({ guildId: guilds[1].id, content: 'to the odd shard' });
    const deadline = Date.now() + 10_000;
    while ((interactions[0].length < 1 || interactions[1].length < 1 || messages[1].length < 1) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(interactions[0].map((i) => i.guildId), [guilds[0].id]);
    assert.deepEqual(interactions[1].map((i) => i.guildId), [guilds[1].id]);
    assert.deepEqual(messages[1].map((m) => m.content), ['to the odd shard']);
    assert.equal(messages[0].length, 0);
  });

  it('announces a guild created later only to the shard it belongs to', async () => {
    const joined = once(clients[1], Events.GuildCreate);
    const late = fake.createGuild({ id: snowflakeOnShard(1, 2, 7), name: 'Late odd' });
    const [guild] = (await joined) as [{ id: string }];
    assert.equal(guild.id, late.id);
    assert.equal(clients[0].guilds.cache.has(late.id), false);
  });

  it('answers a shard\'s voice join on that shard', async () => {
    const me = clients[1].guilds.cache.get(guilds[1].id)?.members.me;
    assert.ok(me);
    const update = once(clients[1], Events.VoiceStateUpdate);
    clients[1].ws.shards.first()?.send({ op: 4, d: { guild_id: guilds[1].id, channel_id: guilds[1].voiceChannels[0].id, self_mute: false, self_deaf: false } });
    const [, after] = (await update) as [unknown, { channelId: string | null }];
    assert.equal(after.channelId, guilds[1].voiceChannels[0].id);
  });

  it('READY echoes the shard; an out-of-range or malformed shard is closed with 4010', async () => {
    assert.deepEqual((await identifyRaw(fake, [1, 3])).ready?.shard, [1, 3]);
    assert.equal((await identifyRaw(fake, [2, 2])).code, 4010);
    assert.equal((await identifyRaw(fake, [-1, 2])).code, 4010);
    assert.equal((await identifyRaw(fake, [0])).code, 4010);
    assert.equal((await identifyRaw(fake, 'zero')).code, 4010);
  });
});
