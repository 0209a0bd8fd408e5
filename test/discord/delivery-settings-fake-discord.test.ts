// Member and server settings that shape how speech is made (variation, the watermark switch, speaker markup in
// auto-read), as a user meets them: the real command handlers in startBot against the fake Discord, a real SQLite
// store, and a recording generator, so each test asserts the reply, what was stored and what reached the speech
// request of /say and of auto-read. Auto-read's speaker turns are heard end to end in test/e2e/autoread.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { startBot, type RunningBot } from '../../src/discord/start-bot.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';
import type { SpeechRequest, VoiceInfo } from '../../src/generator/speech-request.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import type { SettingsStore } from '../../src/storage/settings-store.ts';
import { OPTION_TYPE } from '../fake-discord/interactions.ts';
import { startFakeDiscord, type FakeDiscord, type FakeGuild, type SlashCommandInput } from '../fake-discord/index.ts';
import { waitUntil } from '../fake-discord/wait.ts';
import { e2eConfig } from '../e2e/helpers/e2e-bot.ts';
import { SineGenerator } from '../playback/fakes.ts';

const VOICES: VoiceInfo[] = [
  { id: 'test:sine', engine: 'test', language: 'en-US', sampleRate: 16000, installed: true, license: 'MIT', description: 'sine' },
];

let fake: FakeDiscord;
let guild: FakeGuild;
let store: SettingsStore;
let bot: RunningBot;
const sine = new SineGenerator();
const id = (username: string): string => guild.member(username).user.id;

before(async () => {
  fake = await startFakeDiscord({ trustInProcess: true });
  // alice owns the server (every permission); bob is a member. Both listen in Voice.
  guild = fake.createGuild({
    textChannels: ['general', 'reading'],
    members: [{ username: 'alice', voiceChannel: 'Voice' }, { username: 'bob', voiceChannel: 'Voice' }],
  });
  store = await openSettingsStore('sqlite::memory:');
  // Before start-up, so the bot asks for Message Content at login as it would in production.
  await store.updateGuild(guild.id, { autoreadChannelId: guild.channel('reading').id, announceNames: false });
  const generator = {
    stream: sine.stream.bind(sine),
    speak: (request: SpeechRequest, encode: AudioPipelineOptions, signal?: AbortSignal) => encodeInProcess(sine.stream(request, signal), encode),
    listVoices: async () => VOICES,
    close: async () => undefined,
  };
  const config = e2eConfig(fake, { discordDevGuildId: guild.id, defaultVoice: 'test:sine', userRateLimit: 0, speedupQueueThreshold: 0, leaveWhenAloneSeconds: 0 });
  bot = await startBot(config, { store, generator, logger: createLogger({ level: 'silent' }) });
});

after(async () => {
  await bot.stop();
  await store.close();
  await fake.close();
});

/** A number option as Discord sends it: type NUMBER even for whole values (the shorthand would send 0 as INTEGER). */
const amount = (value: number) => [{ name: 'amount', type: OPTION_TYPE.number, value }];

async function run(user: string, input: Omit<SlashCommandInput, 'guildId' | 'userId'>): Promise<{ content: string; ephemeral: boolean }> {
  const { id: interactionId } = fake.injectSlashCommand({ guildId: guild.id, userId: user, ...input });
  const reply = await fake.waitForReplyContent(interactionId, { timeoutMs: 15_000 });
  return { content: reply.content ?? '', ephemeral: fake.repliesTo(interactionId)[0].ephemeral };
}

/** The request /say made for `user`. */
async function sayRequest(user: string, text: string): Promise<SpeechRequest> {
  const before = sine.calls.length;
  const answer = await run(user, { name: 'say', options: { text } });
  assert.match(answer.content, /^(Speaking|Queued)/);
  await waitUntil(() => (sine.calls.length > before ? true : undefined), `the request for "${text}"`, { timeoutMs: 10_000 });
  return sine.calls[before].request;
}

/** The request auto-read made for a message of `user` in the reading channel. */
async function autoreadRequest(user: string, content: string): Promise<SpeechRequest> {
  fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: user, content });
  const call = await waitUntil(() => sine.calls.find((c) => c.request.text.includes(content)), `auto-read of "${content}"`, { timeoutMs: 10_000 });
  return call.request;
}

test('/voice variation: stored per member, refused out of range, cleared back to the server\'s; /say and auto-read use it', async () => {
  assert.equal((await sayRequest('bob', '300')).variation, 1, 'nothing set: the voice as trained');

  const set = await run('bob', { name: 'voice', subcommand: 'variation', options: amount(0) });
  assert.equal(set.ephemeral, true);
  assert.match(set.content, /^Your variation is now 0\. Only voices that sample \(Piper\) vary/);
  assert.equal((await store.getUser(guild.id, id('bob'))).variation, 0);
  assert.equal((await sayRequest('bob', '310')).variation, 0);
  assert.equal((await autoreadRequest('bob', 'flat words from bob')).variation, 0);
  assert.equal((await sayRequest('alice', '320')).variation, 1, 'another member keeps the default');

  // Discord enforces the option's range in its client; a payload that slips past it gets a sentence, not a change.
  for (const value of [1.6, -0.5]) {
    const refused = await run('bob', { name: 'voice', subcommand: 'variation', options: amount(value) });
    assert.equal(refused.ephemeral, true);
    assert.equal(refused.content, `Variation must be from 0 (flat, the same every time) to 1.5; 1 is the voice as trained (got ${value}).`);
  }
  assert.equal((await store.getUser(guild.id, id('bob'))).variation, 0);

  const cleared = await run('bob', { name: 'voice', subcommand: 'variation' });
  assert.deepEqual(cleared, { content: 'Your variation now follows the server\'s setting.', ephemeral: true });
  assert.equal((await store.getUser(guild.id, id('bob'))).variation, null);
});

test('/settings set variation: Manage Server only, range-checked, shown, and the default for members without their own', async () => {
  const refused = await run('bob', { name: 'settings', subcommand: 'set', options: { setting: 'variation', value: '0.5' } });
  assert.deepEqual(refused, { content: 'You need the Manage Server permission to change that.', ephemeral: true });
  for (const value of ['2', 'wobbly']) {
    const bad = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'variation', value } });
    assert.equal(bad.ephemeral, true);
    assert.match(bad.content, value === '2' ? /^Variation must be from 0 \(flat, the same every time\) to 1\.5/ : /^That setting needs a number/);
  }
  assert.equal((await store.getGuild(guild.id)).variation, 1, 'refusals change nothing');

  const saved = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'variation', value: '0,5' } });
  assert.equal(saved.ephemeral, true);
  assert.match(saved.content, /^Saved\.\n[\s\S]*\*\*Variation of sampling voices \(Piper\):\*\* 0\.5$/m);
  assert.equal((await store.getGuild(guild.id)).variation, 0.5);
  assert.equal((await sayRequest('bob', '330')).variation, 0.5);
  assert.equal((await autoreadRequest('alice', 'server default words')).variation, 0.5);

  await run('bob', { name: 'voice', subcommand: 'variation', options: amount(1.25) });
  assert.equal((await sayRequest('bob', '340')).variation, 1.25, 'the member\'s own choice beats the server\'s');
  await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'variation', value: '1' } });
});

test('/settings set watermark off: Manage Server only, shown, and /say and auto-read ask for speech without the mark', async () => {
  assert.equal('watermark' in (await sayRequest('bob', '350')), false, 'on (the default): the bot\'s WATERMARK decides');
  const refused = await run('bob', { name: 'settings', subcommand: 'set', options: { setting: 'watermark', value: 'off' } });
  assert.deepEqual(refused, { content: 'You need the Manage Server permission to change that.', ephemeral: true });
  const bad = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'watermark', value: 'maybe' } });
  assert.deepEqual(bad, { content: 'Use on or off for this setting (got "maybe").', ephemeral: true });
  assert.equal((await store.getGuild(guild.id)).watermark, true);

  const off = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'watermark', value: 'off' } });
  assert.match(off.content, /^\*\*AI-speech watermark:\*\* off$/m);
  assert.equal((await store.getGuild(guild.id)).watermark, false);
  assert.equal((await sayRequest('bob', '360')).watermark, false);
  assert.equal((await autoreadRequest('bob', 'unmarked words')).watermark, false);

  await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'watermark', value: 'on' } });
  assert.equal('watermark' in (await sayRequest('bob', '370')), false);
});

test('/voice speakers on and off: stored per member, answered privately', async () => {
  const enabled = (value: boolean) => [{ name: 'enabled', type: OPTION_TYPE.boolean, value }];
  const on = await run('bob', { name: 'voice', subcommand: 'speakers', options: enabled(true) });
  assert.equal(on.ephemeral, true);
  assert.match(on.content, /^Auto-read now reads your speaker tags as voices, e\.g\. `\[neural:rms\] Hello there\. \[neural:slt\] Hi!`\./);
  assert.equal((await store.getUser(guild.id, id('bob'))).autoreadSpeakers, true);
  assert.equal((await store.getUser(guild.id, id('alice'))).autoreadSpeakers, false, 'opt-in is per member');
  const off = await run('bob', { name: 'voice', subcommand: 'speakers', options: enabled(false) });
  assert.deepEqual(off, { content: 'Auto-read now reads your speaker tags as plain text.', ephemeral: true });
  assert.equal((await store.getUser(guild.id, id('bob'))).autoreadSpeakers, false);
});
