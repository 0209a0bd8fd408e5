import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import {
  AudioPlayerStatus, StreamType, VoiceConnectionStatus, createAudioPlayer, createAudioResource, entersState,
  generateDependencyReport, joinVoiceChannel,
} from '@discordjs/voice';
import type { VoiceConnection } from '@discordjs/voice';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { startFakeDiscord } from './index.ts';
import type { FakeDiscord, FakeGuild } from './index.ts';
import { estimateFrequency, opusStreamOf, rms, sineStereoPcm } from './test-signal.ts';
import { preciseNow, waitUntil } from './wait.ts';

describe('fake Discord voice with real @discordjs/voice', () => {
  let fake: FakeDiscord;
  let client: Client;
  const guilds: FakeGuild[] = [];
  const connections: VoiceConnection[] = [];

  before(async () => {
    fake = await startFakeDiscord({ trustInProcess: true });
    for (let i = 0; i < 4; i++) guilds.push(fake.createGuild({ name: `Voice ${i}`, voiceChannels: ['Lounge', 'Other'], members: ['alice'] }));
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: fake.restUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login('token');
    await ready;
  });

  after(async () => {
    for (const connection of connections) connection.destroy();
    await client?.destroy();
    await fake?.close();
  });

  async function join(guild: FakeGuild, channel = 'Lounge'): Promise<VoiceConnection> {
    const discordGuild = client.guilds.cache.get(guild.id);
    assert.ok(discordGuild);
    const connection = joinVoiceChannel({
      guildId: guild.id, channelId: guild.channel(channel).id, adapterCreator: discordGuild.voiceAdapterCreator, selfDeaf: false,
    });
    connections.push(connection);
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    return connection;
  }

  it('has node crypto aes-256-gcm for the voice encryption the fake negotiates', (t) => {
    const report = generateDependencyReport();
    t.diagnostic(report);
    assert.match(report, /native crypto support for aes-256-gcm: yes/);
  });

  it('joins a voice channel, plays a 1 kHz tone and the fake hears exactly that tone', async (t) => {
    const guild = guilds[0];
    const connection = await join(guild);
    const session = fake.voiceSessions(guild.id)[0];
    assert.equal(session.mode, 'aead_aes256_gcm_rtpsize');
    assert.ok(session.clientAddress, 'UDP IP discovery happened');
    assert.equal(guild.voiceStates.get(fake.botUser.id)?.channelId, guild.channel('Lounge').id);

    const player = createAudioPlayer();
    connection.subscribe(player);
    const startedAt = preciseNow();
    player.play(createAudioResource(opusStreamOf(sineStereoPcm(1000, 1000, 0.5)), { inputType: StreamType.Opus }));
    await entersState(player, AudioPlayerStatus.Idle, 5000);
    const audio = await fake.waitForSilence(guild.id, 150);

    assert.equal(audio.decryptFailures, 0);
    assert.equal(audio.decodeFailures, 0);
    assert.deepEqual(audio.sequenceGaps, [], 'RTP sequence numbers are consecutive');
    assert.deepEqual(audio.timestampJumps, [], 'RTP timestamps advance 960 per packet');
    const audible = audio.packets.filter((p) => p.peak > 0.01);
    const tonePackets = audio.packets.filter((p) => !p.silenceFrame);
    assert.equal(tonePackets.length, 50, '1 s of tone is 50 Opus packets of 20 ms');
    assert.ok(Math.abs(audio.audibleMs - 1000) <= 20, `audible ${audio.audibleMs} ms`);
    // The resource pads 5 silence frames; the player goes idle before the last one is dispatched, so 4 arrive.
    assert.ok(audio.packets.slice(-4).every((p) => p.silenceFrame), 'playback ends with Opus silence frames');
    const firstIndex = audio.packets.indexOf(audible[0]);
    const mono = audio.mono().subarray((firstIndex + 5) * 960, (firstIndex + 45) * 960);
    const frequency = estimateFrequency(mono);
    assert.ok(Math.abs(frequency - 1000) < 3, `tone frequency ${frequency.toFixed(2)} Hz`);
    const level = rms(mono);
    assert.ok(Math.abs(level - 0.5 / Math.SQRT2) < 0.05, `tone RMS ${level.toFixed(3)}`);
    const firstPacketDelay = audible[0].arrivedAt - startedAt;
    t.diagnostic(`first audio packet ${firstPacketDelay.toFixed(1)} ms after play(); ${frequency.toFixed(2)} Hz; RMS ${level.toFixed(3)}`);
    assert.ok(firstPacketDelay < 1000, `first audio packet after ${firstPacketDelay.toFixed(1)} ms`);
    assert.ok(fake.speakingEvents(guild.id).some((e) => e.speaking === 1), 'client sent op 5 speaking');
  });

  it('survives a cut voice websocket mid-stream: the client resumes and audio continues', async () => {
    const guild = guilds[1];
    const connection = await join(guild);
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(opusStreamOf(sineStereoPcm(440, 1500, 0.3)), { inputType: StreamType.Opus }));
    await fake.waitForAudio(guild.id, { minAudibleMs: 200 });
    fake.closeVoiceWebSocket(guild.id);
    const session = fake.voiceSessions(guild.id)[0];
    const before = fake.audioFor(guild.id).packets.length;
    await entersState(player, AudioPlayerStatus.Idle, 8000);
    const audio = await fake.waitForSilence(guild.id, 100);
    assert.equal(session.resumes, 1, 'one voice RESUME');
    assert.equal(fake.voiceSessions(guild.id).length, 1, 'same session, no new IDENTIFY');
    assert.ok(audio.packets.length > before + 10, 'audio kept arriving after the resume');
    assert.deepEqual(audio.sequenceGaps, []);
    // @discordjs/voice auto-pauses while resuming (one silence frame may slip out), so check the tone after it.
    const n = audio.packets.length;
    const f = estimateFrequency(audio.mono().subarray((n - 40) * 960, (n - 10) * 960));
    assert.ok(Math.abs(f - 440) < 3, `tone after resume ${f.toFixed(2)} Hz`);
  });

  it('loses packets while the UDP socket is closed and receives again once it reopens', async () => {
    const guild = guilds[2];
    const connection = await join(guild);
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(opusStreamOf(sineStereoPcm(1000, 1200, 0.3)), { inputType: StreamType.Opus }));
    await fake.waitForAudio(guild.id, { minAudibleMs: 200 });
    await fake.closeVoiceUdp(guild.id, { reopenAfterMs: 300 });
    await entersState(player, AudioPlayerStatus.Idle, 8000);
    const audio = await fake.waitForSilence(guild.id, 100);
    assert.ok(audio.sequenceGaps.length >= 1, 'the outage shows up as a sequence gap');
    const gap = audio.sequenceGaps[0];
    const lost = ((gap.sequence - gap.previousSequence + 65536) % 65536) - 1;
    assert.ok(lost >= 8 && lost <= 20, `about 300 ms of packets lost (${lost})`);
    const arrivalGap = audio.packets[gap.index].arrivedAt - audio.packets[gap.index - 1].arrivedAt;
    assert.ok(arrivalGap >= 250, `arrival gap ${arrivalGap.toFixed(0)} ms`);
  });

  it('moves the bot to another channel (new voice session) and disconnects it', async () => {
    const guild = guilds[3];
    const connection = await join(guild);
    const firstSsrc = fake.voiceSessions(guild.id)[0].ssrc;
    fake.moveMember(guild.id, fake.botUser.id, 'Other');
    // The old session stays ready until the client re-identifies, so wait for the second one specifically.
    await waitUntil(() => {
      const sessions = fake.voiceSessions(guild.id);
      return sessions.length === 2 && sessions[1].secretKey ? true : undefined;
    }, 'a second voice session after the move');
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    const sessions = fake.voiceSessions(guild.id);
    assert.equal(sessions.length, 2);
    assert.notEqual(sessions[1].ssrc, firstSsrc);
    assert.equal(connection.joinConfig.channelId, guild.channel('Other').id);
    assert.equal(sessions[0].ended, true, 'the old voice session was replaced');

    fake.disconnectBotFromVoice(guild.id);
    await entersState(connection, VoiceConnectionStatus.Disconnected, 5000);
    assert.equal(guild.voiceStates.has(fake.botUser.id), false);
    assert.equal(fake.voiceSessions(guild.id).every((s) => s.ended), true);
  });
});
