// The fake voice gateway speaking DAVE v1 with the real @discordjs/voice + davey client: welcome path, commit path
// (a member joins), a member leaving, the channel emptying and refilling, a resume, and close 4017 for a client
// without DAVE. Listeners are davey sessions inside the fake; every tone is heard only through their decryption.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import {
  AudioPlayerStatus, StreamType, VoiceConnectionStatus, createAudioPlayer, createAudioResource,
  entersState, joinVoiceChannel,
} from '@discordjs/voice';
import type { AudioPlayer, VoiceConnection } from '@discordjs/voice';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { startFakeDiscord } from './index.ts';
import type { FakeDiscord, FakeGuild } from './index.ts';
import { estimateFrequency, opusStreamOf, sineStereoPcm } from './test-signal.ts';
import { waitUntil } from './wait.ts';

describe('fake Discord voice with DAVE (real @discordjs/voice + davey)', () => {
  let fake: FakeDiscord;
  let client: Client;
  const connections: VoiceConnection[] = [];

  before(async () => {
    fake = await startFakeDiscord({ trustInProcess: true });
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: fake.restUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login('token');
    await ready;
  });

  after(async () => {
    for (const connection of connections) if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    await client?.destroy();
    await fake?.close();
  });

  async function guildWith(members: Parameters<FakeDiscord['createGuild']>[0]): Promise<FakeGuild> {
    const guild = fake.createGuild(members);
    await waitUntil(() => client.guilds.cache.get(guild.id), `guild ${guild.id} in the client cache`);
    return guild;
  }

  async function join(guild: FakeGuild, options: { daveEncryption?: boolean } = {}): Promise<VoiceConnection> {
    const discordGuild = client.guilds.cache.get(guild.id);
    assert.ok(discordGuild);
    const connection = joinVoiceChannel({
      guildId: guild.id, channelId: guild.channel('Lounge').id, adapterCreator: discordGuild.voiceAdapterCreator, selfDeaf: true,
      daveEncryption: options.daveEncryption,
    });
    connections.push(connection);
    return connection;
  }

  async function playTone(connection: VoiceConnection, frequency: number, ms: number): Promise<AudioPlayer> {
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(opusStreamOf(sineStereoPcm(frequency, ms, 0.4)), { inputType: StreamType.Opus }));
    return player;
  }

  it('welcome path: the bot joins a channel with two listeners, both decrypt the whole tone', async () => {
    const guild = await guildWith({ voiceChannels: ['Lounge'], members: [{ username: 'alice', voiceChannel: 'Lounge' }, { username: 'bob', voiceChannel: 'Lounge' }] });
    const connection = await join(guild);
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    const dave = await fake.waitForDaveGroup(guild.id);
    assert.equal(dave.stats.transitions[0].kind, 'create');
    assert.notEqual(dave.stats.transitions[0].committer, 'bot', 'a listener created the group and welcomed the bot');
    assert.deepEqual(dave.stats.readyForTransition, [dave.stats.transitions[0].id], 'the bot sent op 23 for the welcome');
    assert.equal(connection.voicePrivacyCode?.length, 30, 'the client has an active DAVE session');

    const player = await playTone(connection, 1000, 1000);
    await entersState(player, AudioPlayerStatus.Idle, 5000);
    const audio = await fake.waitForSilence(guild.id, 150);
    assert.equal(dave.stats.plaintextFrames, 0, 'no frame without the E2EE layer');
    assert.equal(dave.stats.undecryptableFrames, 0);
    const tone = audio.packets.filter((p) => !p.silenceFrame);
    assert.equal(tone.length, 50);
    assert.ok(tone.every((p) => p.daveEpoch === 1n), 'every tone frame was decrypted in epoch 1');
    for (const listener of dave.present) {
      assert.equal(listener.stats.decrypted, 50, `${listener.userId} decrypted all 50 frames`);
      assert.equal(listener.stats.failedInGroup, 0);
    }
    const n = audio.packets.length;
    const f = estimateFrequency(audio.mono().subarray((n - 40) * 960, (n - 10) * 960));
    assert.ok(Math.abs(f - 1000) < 3, `decrypted tone ${f.toFixed(2)} Hz`);
  });

  it('commit path, leave, empty channel and refill: the bot commits, listeners keep decrypting, op 24 resets the group', async (t) => {
    const guild = await guildWith({ voiceChannels: ['Lounge'], members: [{ username: 'alice', voiceChannel: 'Lounge' }, 'carol'] });
    const connection = await join(guild);
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    const dave = await fake.waitForDaveGroup(guild.id);
    const player = await playTone(connection, 440, 3000);
    await fake.waitForAudio(guild.id, { minAudibleMs: 400 });
    fake.moveMember(guild.id, 'carol', 'Lounge');
    const carolId = guild.member('carol').user.id;
    await fake.waitForDaveGroup(guild.id);
    const joined = dave.stats.transitions.at(-1);
    assert.equal(joined?.kind, 'add');
    assert.equal(joined?.committer, 'bot', 'the bot committed the add (op 28) and the gateway announced it (op 29)');
    assert.ok(dave.stats.botCommits >= 1);
    await fake.waitForAudio(guild.id, { minAudibleMs: 1500 });
    fake.moveMember(guild.id, 'alice', null);
    await fake.waitForDaveGroup(guild.id);
    assert.equal(dave.stats.transitions.at(-1)?.kind, 'remove');
    await entersState(player, AudioPlayerStatus.Idle, 8000);
    await fake.waitForSilence(guild.id, 100);
    const carol = dave.listener(carolId);
    const alice = dave.listener(guild.member('alice').user.id);
    assert.ok(carol && alice);
    t.diagnostic(`carol: ${carol.stats.lostJoining} frames lost joining, ${carol.stats.decrypted} decrypted; alice decrypted ${alice.stats.decrypted} before leaving`);
    assert.equal(dave.stats.plaintextFrames, 0);
    assert.equal(carol.stats.failedInGroup, 0, 'carol decrypts everything once in the group');
    assert.equal(alice.stats.failedInGroup, 0, 'alice decrypts everything across the add');
    assert.ok(carol.stats.epochs.has('2') && carol.stats.epochs.has('3'), 'carol heard epoch 2 (after her add) and 3 (after alice left)');

    // Last listener leaves: sole member reset (op 24 epoch 1 + op 21 transition 0), the bot sends a new key package.
    const keyPackages = dave.stats.keyPackages;
    fake.moveMember(guild.id, 'carol', null);
    await waitUntil(() => (dave.stats.keyPackages > keyPackages ? true : undefined), 'a new key package after op 24');
    assert.deepEqual(dave.stats.prepareEpochs, [1]);
    assert.equal(dave.epoch, 0n);
    fake.moveMember(guild.id, 'alice', 'Lounge');
    await fake.waitForDaveGroup(guild.id);
    assert.equal(dave.stats.transitions.at(-1)?.kind, 'create', 'a new group');
    fake.clearAudio(guild.id);
    const again = await playTone(connection, 1000, 600);
    await entersState(again, AudioPlayerStatus.Idle, 5000);
    const audio = await fake.waitForSilence(guild.id, 100);
    const tone = audio.packets.filter((p) => !p.silenceFrame);
    assert.equal(tone.length, 30);
    assert.ok(tone.every((p) => p.daveEpoch === 1n), 'heard in epoch 1 of the new group');
    assert.equal(dave.stats.plaintextFrames, 0);
  });

  it('a cut voice websocket resumes with DAVE intact: same group, audio still decrypted', async () => {
    const guild = await guildWith({ voiceChannels: ['Lounge'], members: [{ username: 'alice', voiceChannel: 'Lounge' }] });
    const connection = await join(guild);
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    const dave = await fake.waitForDaveGroup(guild.id);
    const player = await playTone(connection, 440, 1500);
    await fake.waitForAudio(guild.id, { minAudibleMs: 300 });
    fake.closeVoiceWebSocket(guild.id);
    await entersState(player, AudioPlayerStatus.Idle, 8000);
    await fake.waitForSilence(guild.id, 100);
    assert.equal(fake.voiceSessions(guild.id)[0].resumes, 1);
    assert.equal(dave.epoch, 1n, 'no re-key was needed');
    assert.equal(dave.stats.plaintextFrames, 0);
    assert.equal(dave.stats.undecryptableFrames, 0);
  });

  it('closes a client without DAVE with 4017 (which @discordjs/voice answers by rejoining, again and again)', async () => {
    const guild = await guildWith({ voiceChannels: ['Lounge'], members: [{ username: 'alice', voiceChannel: 'Lounge' }] });
    const connection = await join(guild, { daveEncryption: false });
    await waitUntil(() => (fake.voice.refused.filter((r) => r.guildId === guild.id && r.code === 4017).length >= 2 ? true : undefined), 'two 4017 refusals');
    assert.notEqual(connection.state.status, VoiceConnectionStatus.Ready);
    assert.ok(connection.rejoinAttempts >= 1, 'the library rejoined by itself after 4017');
    connection.destroy();
  });
});

describe('fake Discord voice with DAVE off (dave_protocol_version 0)', () => {
  it('negotiates transport encryption only and hears plain Opus', async () => {
    const fake = await startFakeDiscord({ trustInProcess: true, daveProtocolVersion: 0 });
    const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: fake.restUrl } });
    try {
      const guild = fake.createGuild({ voiceChannels: ['Lounge'], members: [{ username: 'alice', voiceChannel: 'Lounge' }] });
      const ready = once(client, Events.ClientReady);
      await client.login('token');
      await ready;
      const discordGuild = client.guilds.cache.get(guild.id);
      assert.ok(discordGuild);
      const connection = joinVoiceChannel({ guildId: guild.id, channelId: guild.channel('Lounge').id, adapterCreator: discordGuild.voiceAdapterCreator });
      await entersState(connection, VoiceConnectionStatus.Ready, 5000);
      assert.equal(fake.voiceSessions(guild.id)[0].dave, undefined);
      const player = createAudioPlayer();
      connection.subscribe(player);
      player.play(createAudioResource(opusStreamOf(sineStereoPcm(1000, 400, 0.4)), { inputType: StreamType.Opus }));
      await entersState(player, AudioPlayerStatus.Idle, 5000);
      const audio = await fake.waitForSilence(guild.id, 100);
      assert.equal(audio.packets.filter((p) => !p.silenceFrame).length, 20);
      assert.ok(audio.packets.every((p) => p.daveEpoch === undefined));
      connection.destroy();
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
