// The DAVE guard on a real @discordjs/voice connection against the fake voice gateway (davey on both sides).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import {
  AudioPlayerStatus, StreamType, VoiceConnectionStatus, createAudioPlayer, createAudioResource, entersState, joinVoiceChannel,
} from '@discordjs/voice';
import type { VoiceConnection } from '@discordjs/voice';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { guardDave, MAX_DAVE_RECONNECTS } from '../../../src/discord/voice/dave-guard.ts';
import type { DaveGuard, DaveRequiredError } from '../../../src/discord/voice/dave-guard.ts';
import { waitForDaveReady } from '../../../src/discord/voice/dave-readiness.ts';
import { startFakeDiscord } from '../../fake-discord/index.ts';
import type { FakeDiscord, FakeGuild } from '../../fake-discord/index.ts';
import { opusStreamOf, sineStereoPcm } from '../../fake-discord/test-signal.ts';
import { waitUntil } from '../../fake-discord/wait.ts';

describe('DAVE guard', () => {
  let fake: FakeDiscord;
  let client: Client;
  const connections: VoiceConnection[] = [];
  const logs: string[] = [];
  const log = (level: string, message: string, fields?: Record<string, unknown>): void => void logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);

  before(async () => {
    // A slow gateway (300 ms before each proposal round) so frames played at once would beat the handshake.
    fake = await startFakeDiscord({ trustInProcess: true, daveTiming: { proposalDelayMs: 300 } });
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

  async function join(options: {
    guard: boolean; daveEncryption?: boolean; onDaveRequired?: (error: DaveRequiredError) => void; onGiveUp?: () => void; recoveryTimeoutMs?: number;
    aliceAway?: boolean;
  }): Promise<{ guild: FakeGuild; connection: VoiceConnection; guard?: DaveGuard }> {
    const guild = fake.createGuild({ voiceChannels: ['Lounge'], members: [options.aliceAway ? 'alice' : { username: 'alice', voiceChannel: 'Lounge' }] });
    const discordGuild = await waitUntil(() => client.guilds.cache.get(guild.id), 'the guild in the cache');
    const connection = joinVoiceChannel({
      guildId: guild.id, channelId: guild.channel('Lounge').id, adapterCreator: discordGuild.voiceAdapterCreator, daveEncryption: options.daveEncryption,
    });
    connections.push(connection);
    const guard = options.guard
      ? guardDave(connection, { guildId: guild.id, log, othersInChannel: () => (guild.voiceStates.has(guild.member('alice').user.id) ? 1 : 0), onDaveRequired: options.onDaveRequired ?? (() => undefined), onGiveUp: options.onGiveUp, recoveryTimeoutMs: options.recoveryTimeoutMs })
      : undefined;
    return { guild, connection, guard };
  }

  async function playTone(connection: VoiceConnection, ms: number): Promise<void> {
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(opusStreamOf(sineStereoPcm(1000, ms, 0.4)), { inputType: StreamType.Opus }));
    await entersState(player, AudioPlayerStatus.Idle, 10_000);
  }

  it('without the guard, @discordjs/voice plays frames listeners cannot decrypt before the handshake ends', async () => {
    const { guild, connection } = await join({ guard: false });
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    await playTone(connection, 1000);
    await fake.waitForSilence(guild.id, 100);
    assert.ok(fake.daveCall(guild.id).stats.plaintextFrames > 0, 'the problem the guard exists for');
  });

  it('holds the player until listeners can decrypt: the whole tone arrives, nothing in plaintext', async () => {
    const { guild, connection, guard } = await join({ guard: true });
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    await playTone(connection, 1000);
    const audio = await fake.waitForSilence(guild.id, 100);
    const dave = fake.daveCall(guild.id);
    assert.equal(dave.stats.plaintextFrames, 0);
    assert.equal(audio.packets.filter((p) => !p.silenceFrame).length, 50, 'all 50 frames, late rather than lost');
    assert.ok(guard && guard.stats.pauses >= 1, 'the player waited for the transition');
  });

  it('speaking alone, then someone joins: the player waits for the new group, nothing in plaintext to the newcomer', async () => {
    const { guild, connection, guard } = await join({ guard: true, aliceAway: true });
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(opusStreamOf(sineStereoPcm(1000, 2000, 0.4)), { inputType: StreamType.Opus }));
    await fake.waitForAudio(guild.id, { minAudibleMs: 400 });
    fake.moveMember(guild.id, 'alice', 'Lounge');
    await entersState(player, AudioPlayerStatus.Idle, 10_000);
    await fake.waitForSilence(guild.id, 100);
    const dave = fake.daveCall(guild.id);
    const alice = dave.listener(guild.member('alice').user.id);
    assert.ok(alice && guard);
    assert.equal(dave.stats.plaintextFrames, 0, 'nothing reached alice without the E2EE layer once the bot could know her');
    assert.ok(dave.stats.plaintextInFlight <= 2, `at most the frames in flight when she was announced (${dave.stats.plaintextInFlight})`);
    assert.equal(alice.stats.failedInGroup, 0);
    // A transition that begins between two of the guard's checks lets the player prepare one more frame, which the
    // guard's last gate drops rather than send it undecryptable (guard.stats.framesHeld): on a loaded machine one
    // 20 ms frame, never more.
    assert.equal(dave.stats.framesWhileAlone + alice.stats.decrypted + alice.stats.lostJoining + guard.stats.framesHeld, 100,
      'every frame of the tone was sent, or held back by the guard');
    assert.ok(guard.stats.framesHeld <= 1, `${guard.stats.framesHeld} frames dropped by the guard`);
    assert.ok(guard.stats.pauses >= 1, 'the player waited for the group');
    console.log(`[measure] alone then joined: ${dave.stats.framesWhileAlone} frames alone, alice lost ${alice.stats.lostJoining} joining `
      + `(${dave.stats.plaintextInFlight} in flight without E2EE), decrypted ${alice.stats.decrypted}`);
  });

  it('catches davey exceptions from bad gateway messages and re-keys; a repeated external sender is only logged', async () => {
    const { guild, connection, guard } = await join({ guard: true });
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    await waitForDaveReady(connection, () => 1);
    const dave = fake.daveCall(guild.id);
    assert.ok(guard);
    dave.sendExternalSender();
    await waitUntil(() => (guard.stats.rejectedMessages === 1 ? true : undefined), 'the repeated op 25 rejected');
    assert.equal(guard.stats.rekeys, 0);
    dave.injectUnknownUserProposal();
    await waitUntil(() => (dave.stats.transitions.at(-1)?.kind === 'readd' ? true : undefined), 'the bot re-added');
    // A second fault while the first re-key is still running would be absorbed by it; let the bot settle first.
    await waitForDaveReady(connection, () => 1);
    dave.injectWronglySignedProposal();
    await waitUntil(() => (dave.stats.transitions.filter((t) => t.kind === 'readd').length === 2 ? true : undefined), 'the bot re-added again');
    assert.equal(guard.stats.rejectedMessages, 3);
    assert.equal(guard.stats.rekeys, 2);
    // A truncated op 29 (one byte): @discordjs/voice reads its transition id outside its own try.
    await waitForDaveReady(connection, () => 1);
    dave.sendRawBinary(29, Buffer.from([7]));
    await waitUntil(() => (guard.stats.rejectedMessages === 4 ? true : undefined), 'the truncated commit rejected');
    await waitUntil(() => (dave.stats.transitions.filter((t) => t.kind === 'readd').length === 3 ? true : undefined), 'the bot re-added after it');
    assert.ok(logs.some((l) => l.includes('UnexpectedUser')) && logs.some((l) => l.includes('InvalidSignature')), 'the reasons are logged');
    assert.ok(logs.some((l) => l.includes('"message":"commit"')), 'the truncated commit is logged');
    await waitForDaveReady(connection, () => 1);
    await playTone(connection, 400);
    await fake.waitForSilence(guild.id, 100);
    assert.equal(dave.stats.plaintextFrames, 0);
    assert.equal(dave.listeners[0].stats.failedInGroup, 0);
  });

  it('checks every frame while the player plays, and only a few times a second on a silent connection', async () => {
    const { connection, guard } = await join({ guard: true });
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    await waitForDaveReady(connection, () => 1);
    assert.ok(guard);
    const silentFrom = guard.stats.checks;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const silent = guard.stats.checks - silentFrom;
    const playingFrom = guard.stats.checks;
    await playTone(connection, 1000);
    const playing = guard.stats.checks - playingFrom;
    assert.ok(silent <= 10, `${silent} checks in a silent second (one per 250 ms expected)`);
    assert.ok(playing >= 25, `${playing} checks while playing 1 s (one per 20 ms frame expected)`);
  });

  it('rebuilds the voice session when a re-key does not finish in time', async () => {
    const { guild, connection, guard } = await join({ guard: true, recoveryTimeoutMs: 1000 });
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    await waitForDaveReady(connection, () => 1);
    const dave = fake.daveCall(guild.id);
    dave.ignoreBotKeyPackages = true;
    dave.injectUnknownUserProposal();
    await waitUntil(() => (fake.voiceSessions(guild.id).length === 2 ? true : undefined), 'a second voice session', { timeoutMs: 5000 });
    assert.equal(guard?.stats.reconnects, 1);
    await fake.waitForDaveGroup(guild.id);
    await waitForDaveReady(connection, () => 1);
    await playTone(connection, 400);
    await fake.waitForSilence(guild.id, 100);
    assert.equal(fake.daveCall(guild.id).stats.plaintextFrames, 0);
    assert.ok(fake.daveCall(guild.id).stats.decryptedFrames >= 20);
  });

  it('gives up (onGiveUp) after MAX_DAVE_RECONNECTS rebuilds that never bring DAVE up', async () => {
    let gaveUp = 0;
    const { guild, connection, guard } = await join({ guard: true, recoveryTimeoutMs: 500, onGiveUp: () => (gaveUp += 1) });
    await entersState(connection, VoiceConnectionStatus.Ready, 5000);
    await waitForDaveReady(connection, () => 1);
    fake.voice.daveIgnoreBotKeyPackages = true;
    try {
      fake.daveCall(guild.id).ignoreBotKeyPackages = true;
      fake.daveCall(guild.id).injectUnknownUserProposal();
      await waitUntil(() => (gaveUp > 0 ? true : undefined), 'the guard to give up', { timeoutMs: 8000 });
    } finally {
      fake.voice.daveIgnoreBotKeyPackages = false;
    }
    assert.equal(guard?.stats.reconnects, MAX_DAVE_RECONNECTS);
    assert.equal(fake.voiceSessions(guild.id).length, 1 + MAX_DAVE_RECONNECTS, 'the rebuilt voice sessions');
    assert.ok(logs.some((l) => l.includes('did not come up, leaving voice')));
    connection.destroy();
  });

  it('reports 4017 once as fatal, naming DAVE', async () => {
    const errors: DaveRequiredError[] = [];
    const { guild } = await join({ guard: true, daveEncryption: false, onDaveRequired: (error) => errors.push(error) });
    await waitUntil(() => (fake.voice.refused.filter((r) => r.guildId === guild.id).length >= 2 ? true : undefined), 'the library rejoining after 4017');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /4017.*DAVE/);
  });
});
