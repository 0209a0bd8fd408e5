import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { ChannelType, Client, Events, GatewayIntentBits, MessageFlags, Routes } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction, Guild, Message, VoiceState } from 'discord.js';
import { startFakeDiscord } from './index.ts';
import type { FakeDiscord, FakeGuild } from './index.ts';

const TOKEN = 'fake-bot-token.not.secret';

function nextEvent<T>(client: Client, event: string, filter: (value: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: T): void => {
      if (!filter(value)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(value);
    };
    client.on(event, listener);
  });
}

describe('fake Discord gateway + REST with a real discord.js Client', () => {
  let fake: FakeDiscord;
  let guild: FakeGuild;
  let client: Client;
  /** Heartbeats sent before READY arrived may carry no sequence yet (discord.js jitters the first one). */
  let heartbeatsBeforeReady = 0;

  before(async () => {
    fake = await startFakeDiscord({ token: TOKEN, heartbeatIntervalMs: 300 });
    guild = fake.createGuild({
      name: 'Readers',
      textChannels: ['general', 'tts'],
      voiceChannels: ['Lounge', 'Quiet'],
      roles: [{ name: 'DJ' }],
      members: [{ username: 'alice', roles: ['DJ'], voiceChannel: 'Lounge' }, 'bob'],
    });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      rest: { api: fake.restUrl },
    });
    const ready = once(client, Events.ClientReady);
    await client.login(TOKEN);
    await ready;
    heartbeatsBeforeReady = fake.gatewayStats.heartbeats;
  });

  after(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('logs in: READY gives the bot user and GUILD_CREATE the guild with channels, roles, members and voice states', () => {
    assert.equal(client.user?.id, fake.botUser.id);
    assert.equal(client.application?.id, fake.applicationId);
    const seen = client.guilds.cache.get(guild.id);
    assert.ok(seen, 'guild is cached');
    assert.equal(seen.name, 'Readers');
    assert.deepEqual(seen.channels.cache.filter((c) => c.type === ChannelType.GuildText).map((c) => c.name).sort(), ['general', 'tts']);
    assert.deepEqual(seen.channels.cache.filter((c) => c.type === ChannelType.GuildVoice).map((c) => c.name).sort(), ['Lounge', 'Quiet']);
    const alice = seen.members.cache.find((m) => m.user.username === 'alice');
    assert.ok(alice);
    assert.ok(alice.roles.cache.some((r) => r.name === 'DJ'));
    assert.equal(seen.voiceStates.cache.get(alice.id)?.channel?.name, 'Lounge');
    assert.ok(seen.members.me, 'the bot is a member');
    assert.equal(fake.requests.find((r) => r.path === '/gateway/bot')?.authorized, true);
    assert.equal(fake.gatewayStats.identifies, 1);
  });

  it('keeps the connection alive with heartbeats the fake ACKs (client sees a ping)', async () => {
    // Heartbeats after READY (interval 300 ms) and an ACKed one; a loaded machine may need longer than a second. The
    // first one counted may still be a pre-READY heartbeat that was in flight when READY was handled, so it is left out.
    const deadline = Date.now() + 5000;
    while ((fake.gatewayStats.heartbeats < heartbeatsBeforeReady + 3 || client.ws.ping < 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const afterReady = fake.gatewayStats.heartbeatSeqs.slice(heartbeatsBeforeReady + 1);
    assert.ok(afterReady.length >= 2, `heartbeats after READY: ${afterReady.length}`);
    assert.ok(afterReady.every((s) => typeof s === 'number' && s >= 1), `heartbeats after READY carry the last sequence: ${afterReady.join(',')}`);
    assert.ok(client.ws.ping >= 0, `ping ${client.ws.ping}`);
  });

  it('delivers an injected slash command with options and records the ephemeral reply', async () => {
    const received = nextEvent<ChatInputCommandInteraction>(client, Events.InteractionCreate);
    const injected = fake.injectSlashCommand({ guildId: guild.id, channelId: 'tts', userId: 'alice', name: 'say', options: { text: 'hello world', speed: 1.25, repeat: 2, loud: true } });
    const interaction = await received;
    assert.ok(interaction.isChatInputCommand());
    assert.equal(interaction.commandName, 'say');
    assert.equal(interaction.options.getString('text'), 'hello world');
    assert.equal(interaction.options.getNumber('speed'), 1.25);
    assert.equal(interaction.options.getInteger('repeat'), 2);
    assert.equal(interaction.options.getBoolean('loud'), true);
    assert.equal(interaction.channel?.id, guild.channel('tts').id);
    assert.equal(interaction.user.username, 'alice');
    await interaction.reply({ content: 'Queued.', flags: MessageFlags.Ephemeral });
    const reply = await fake.waitForReply(injected.id);
    assert.equal(reply.kind, 'callback');
    assert.equal(reply.callbackType, 4);
    assert.equal(reply.content, 'Queued.');
    assert.equal(reply.ephemeral, true);
    // discord.js guards double replies itself, so go through its REST client to check the fake's own answer.
    await assert.rejects(
      client.rest.post(Routes.interactionCallback(injected.id, injected.token), { body: { type: 4, data: { content: 'twice' } }, auth: false }),
      /already been acknowledged/,
    );
  });

  it('records a deferred reply, its edit and a follow-up; handles subcommands and autocomplete', async () => {
    const received = nextEvent<ChatInputCommandInteraction>(client, Events.InteractionCreate);
    const injected = fake.injectSlashCommand({ guildId: guild.id, name: 'voice', subcommand: 'set', options: { name: 'amy' } });
    const interaction = await received;
    assert.equal(interaction.options.getSubcommand(), 'set');
    assert.equal(interaction.options.getString('name'), 'amy');
    await interaction.deferReply();
    await interaction.editReply('Voice set to amy');
    await interaction.followUp({ content: 'psst', flags: MessageFlags.Ephemeral });
    const replies = fake.repliesTo(injected.id);
    assert.deepEqual(replies.map((r) => [r.kind, r.callbackType, r.content, r.ephemeral]), [
      ['callback', 5, undefined, false], ['edit', undefined, 'Voice set to amy', false], ['followup', undefined, 'psst', true],
    ]);
    assert.equal((await fake.waitForReplyContent(injected.id)).content, 'Voice set to amy');

    const autocomplete = nextEvent<AutocompleteInteraction>(client, Events.InteractionCreate);
    const ac = fake.injectAutocomplete({ guildId: guild.id, name: 'voice', subcommand: 'set', options: { name: 'am' }, focused: 'name' });
    const acInteraction = await autocomplete;
    assert.ok(acInteraction.isAutocomplete());
    assert.deepEqual(acInteraction.options.getFocused(true), { name: 'name', type: 3, value: 'am', focused: true });
    await acInteraction.respond([{ name: 'amy', value: 'amy' }]);
    const choice = await fake.waitForReply(ac.id);
    assert.equal(choice.callbackType, 8);
    assert.deepEqual((choice.body as { data: { choices: unknown } }).data.choices, [{ name: 'amy', value: 'amy' }]);
  });

  it('delivers an injected message and records the bot\'s channel message', async () => {
    const received = nextEvent<Message>(client, Events.MessageCreate);
    fake.injectMessage({ guildId: guild.id, channelId: 'tts', userId: 'bob', content: 'read me' });
    const message = await received;
    assert.equal(message.content, 'read me');
    assert.equal(message.author.username, 'bob');
    assert.equal(message.member?.user.username, 'bob');
    const channel = message.channel;
    assert.ok(channel.isSendable());
    await channel.send('Reading it.');
    const sent = await fake.waitForChannelMessage(guild.channel('tts').id);
    assert.equal(sent.content, 'Reading it.');
    await assert.rejects(channel.send('x'.repeat(2001)), /2000 or fewer/);
  });

  it('registers application commands globally and per guild, rejecting invalid ones', async () => {
    const commands = [{ name: 'say', description: 'Read text aloud', options: [{ type: 3, name: 'text', description: 'what', required: true }] }];
    const created = await client.application!.commands.set(commands);
    assert.deepEqual(created.map((c) => c.name), ['say']);
    await client.application!.commands.set([{ name: 'voice', description: 'Pick a voice' }], guild.id);
    assert.deepEqual(fake.registeredCommands().map((c) => c.name), ['say']);
    assert.deepEqual(fake.registeredCommands(guild.id).map((c) => c.name), ['voice']);
    await assert.rejects(client.application!.commands.set([{ name: 'Bad Name', description: 'x' }]), /Invalid Form Body/);
  });

  it('survives a dropped gateway: the client RESUMEs and gets events sent while it was away', async () => {
    const resumed = nextEvent<number>(client, Events.ShardResume, () => true, 8000);
    fake.dropGateway();
    // Dispatched while disconnected: must be replayed on RESUME.
    const received = nextEvent<Message>(client, Events.MessageCreate, () => true, 8000);
    fake.injectMessage({ guildId: guild.id, content: 'while you were away' });
    await resumed;
    assert.equal((await received).content, 'while you were away');
    assert.equal(fake.gatewayStats.resumes, 1);
    assert.equal(fake.gatewayStats.identifies, 1, 'resumed rather than re-identified');
    const after = nextEvent<Message>(client, Events.MessageCreate);
    fake.injectMessage({ guildId: guild.id, content: 'back again' });
    assert.equal((await after).content, 'back again');
  });

  it('follows an op 7 RECONNECT request by resuming the same session', async () => {
    const resumed = nextEvent<number>(client, Events.ShardResume, () => true, 8000);
    fake.gateway.requestReconnect();
    await resumed;
    assert.equal(fake.gatewayStats.resumes, 2);
    assert.equal(fake.gatewayStats.identifies, 1);
  });

  it('tells the bot about members moving between voice channels', async () => {
    const update = nextEvent<VoiceState>(client, Events.VoiceStateUpdate, () => true);
    fake.moveMember(guild.id, 'bob', 'Quiet');
    await update;
    assert.equal(client.guilds.cache.get(guild.id)?.voiceStates.cache.get(guild.member('bob').user.id)?.channel?.name, 'Quiet');
  });

  it('never leaks the token into what it records', () => {
    assert.ok(!JSON.stringify(fake.gatewayStats.received).includes(TOKEN));
    assert.ok(!JSON.stringify(fake.requests).includes(TOKEN));
  });
});

describe('fake Discord enforces auth and intents', () => {
  it('rejects a wrong token at REST with 401 (discord.js reports TokenInvalid)', async () => {
    const fake = await startFakeDiscord({ token: 'right' });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restUrl } });
    try {
      await assert.rejects(client.login('wrong'), /invalid token/i);
      assert.equal(fake.requests[0].status, 401);
      assert.equal(fake.requests[0].authorized, false);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });

  it('blanks message content without the MessageContent intent unless the bot is mentioned', async () => {
    const fake = await startFakeDiscord();
    const guild = fake.createGuild({ members: ['carol'] });
    const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], rest: { api: fake.restUrl } });
    try {
      const ready = once(client, Events.ClientReady);
      await client.login('t');
      await ready;
      const plain = nextEvent<Message>(client, Events.MessageCreate);
      fake.injectMessage({ guildId: guild.id, content: 'secret words' });
      assert.equal((await plain).content, '');
      const mention = nextEvent<Message>(client, Events.MessageCreate);
      fake.injectMessage({ guildId: guild.id, content: `<@${fake.botUser.id}> hi` });
      const mentioned = await mention;
      assert.equal(mentioned.content, `<@${fake.botUser.id}> hi`);
      assert.ok(mentioned.mentions.users.has(fake.botUser.id));
      // A guild created after login reaches the bot as GUILD_CREATE.
      const joined = nextEvent<Guild>(client, Events.GuildCreate);
      const late = fake.createGuild({ name: 'Late' });
      assert.equal((await joined).id, late.id);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
