// The settings-like commands as a user meets them: real discord.js Client in startBot, the fake Discord sending the
// interactions, a real SQLite (:memory:) store. Each test asserts the reply (private or not, and its text) and what
// ended up stored. /join and /leave use the fake's real voice gateway.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { formatDictionaryJson } from '../../src/discord/dictionary-json.ts';
import { startBot, type RunningBot } from '../../src/discord/start-bot.ts';
import type { SpeechRequest, VoiceInfo } from '../../src/generator/speech-request.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import type { SettingsStore } from '../../src/storage/settings-store.ts';
import { OPTION_TYPE } from '../fake-discord/interactions.ts';
import { startFakeDiscord, type FakeDiscord, type FakeGuild, type SlashCommandInput } from '../fake-discord/index.ts';
import { waitUntil } from '../fake-discord/wait.ts';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';

const VOICES: VoiceInfo[] = [
  { id: 'test:tone', engine: 'test', language: 'en-US', sampleRate: 24000, installed: true, license: 'MIT', description: 'a plain tone' },
  { id: 'test:bell', engine: 'test', language: 'de-DE', sampleRate: 24000, installed: true, license: 'MIT', description: 'a bell' },
  {
    id: 'test:missing', engine: 'test', language: 'en-GB', sampleRate: 22050, installed: false, license: 'MIT', description: 'not here',
    fetchCommand: 'npm run models -- fetch test:missing',
  },
];

const generator = {
  stream: (_request: SpeechRequest) => (async function* () {})(),
  speak: (_request: SpeechRequest, encode: AudioPipelineOptions) => encodeInProcess((async function* () {})(), encode),
  listVoices: async () => VOICES,
  close: async () => undefined,
};

let fake: FakeDiscord;
let guild: FakeGuild;
let store: SettingsStore;
let bot: RunningBot;
const id = (username: string): string => guild.member(username).user.id;

before(async () => {
  fake = await startFakeDiscord({ trustInProcess: true });
  // alice owns the server (every permission); carol listens in Voice; bob is neither.
  guild = fake.createGuild({
    textChannels: ['general', 'news'],
    members: [{ username: 'alice', voiceChannel: 'Voice' }, 'bob', { username: 'carol', voiceChannel: 'Voice' }],
  });
  store = await openSettingsStore('sqlite::memory:');
  const config: BotConfig = {
    discordToken: 'fake-token', discordClientId: fake.applicationId, discordDevGuildId: guild.id, discordApiUrl: fake.restUrl, discordGatewayUrl: null,
    databaseUrl: 'sqlite::memory:', modelsDir: 'models', defaultVoice: 'test:tone', generatorWorkers: 1, generatorProviders: ['cpu'],
    maxTextLength: 1000, queueMaxDepth: 20, userRateLimit: 0, userRateWindowSeconds: 10, speedupQueueThreshold: 0, speedupMax: 1,
    leaveWhenAloneSeconds: 0, reconnectMaxAttempts: 5, healthHost: '127.0.0.1', healthPort: 0, logLevel: 'silent', sharding: 'off',
  };
  bot = await startBot(config, { store, generator, logger: createLogger({ level: 'silent' }) });
});

after(async () => {
  await bot.stop();
  await store.close();
  await fake.close();
});

interface Answer {
  content: string;
  /** Whether the first answer (reply or deferral) was private; later edits inherit it. */
  ephemeral: boolean;
}

async function run(user: string, input: Omit<SlashCommandInput, 'guildId' | 'userId'>): Promise<Answer> {
  const { id: interactionId } = fake.injectSlashCommand({ guildId: guild.id, userId: user, ...input });
  const reply = await fake.waitForReplyContent(interactionId, { timeoutMs: 15_000 });
  const first = fake.repliesTo(interactionId)[0];
  return { content: reply.content ?? '', ephemeral: first.ephemeral };
}

test('/voice list shows installed voices only, privately', async () => {
  const answer = await run('bob', { name: 'voice', subcommand: 'list' });
  assert.equal(answer.ephemeral, true);
  assert.match(answer.content, /`test:tone` en-US - a plain tone/);
  assert.match(answer.content, /`test:bell` de-DE - a bell/);
  assert.doesNotMatch(answer.content, /test:missing/);
});

test('/voice set stores the user\'s voice; unknown and uninstalled voices are refused with what to do', async () => {
  const set = await run('bob', { name: 'voice', subcommand: 'set', options: { voice: 'test:bell' } });
  assert.deepEqual(set, { content: 'Your voice is now test:bell.', ephemeral: true });
  assert.equal((await store.getUser(guild.id, id('bob'))).voice, 'test:bell');

  const unknown = await run('bob', { name: 'voice', subcommand: 'set', options: { voice: 'test:nope' } });
  assert.equal(unknown.ephemeral, true);
  assert.match(unknown.content, /There is no voice "test:nope"\..*\/voice list/);
  const missing = await run('bob', { name: 'voice', subcommand: 'set', options: { voice: 'test:missing' } });
  assert.match(missing.content, /not installed.*npm run models -- fetch test:missing/);
  assert.equal((await store.getUser(guild.id, id('bob'))).voice, 'test:bell', 'refusals change nothing');
  assert.equal((await store.getUser(guild.id, id('carol'))).voice, null, 'other users are untouched');
});

test('/voice speed stores the speed; an out-of-range one gets the store\'s message and changes nothing', async () => {
  const set = await run('bob', { name: 'voice', subcommand: 'speed', options: { speed: 1.5 } });
  assert.deepEqual(set, { content: 'Your speed is now 1.5.', ephemeral: true });
  assert.equal((await store.getUser(guild.id, id('bob'))).speed, 1.5);
  // Discord enforces the option's range; a payload that slips past it still meets the store's validation.
  const tooFast = await run('bob', { name: 'voice', subcommand: 'speed', options: { speed: 9.5 } });
  assert.equal(tooFast.ephemeral, true);
  assert.match(tooFast.content, /speed must be a number from 0\.5 to 2\.5/);
  assert.equal((await store.getUser(guild.id, id('bob'))).speed, 1.5);
});

test('/settings view shows the defaults; set needs Manage Server, validates, and stores', async () => {
  const view = await run('bob', { name: 'settings', subcommand: 'view' });
  assert.equal(view.ephemeral, true);
  assert.match(view.content, /\*\*Voice:\*\* test:tone \(bot default\)/);
  assert.match(view.content, /\*\*Speed:\*\* 1\n/);
  assert.match(view.content, /\*\*Auto-read channel:\*\* off/);

  const refused = await run('bob', { name: 'settings', subcommand: 'set', options: { setting: 'speed', value: '1.2' } });
  assert.deepEqual(refused, { content: 'You need the Manage Server permission to change that.', ephemeral: true });
  assert.equal((await store.getGuild(guild.id)).speed, 1);

  const saved = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'speed', value: '1.25' } });
  assert.equal(saved.ephemeral, true);
  assert.match(saved.content, /^Saved\.\n/);
  assert.match(saved.content, /\*\*Speed:\*\* 1\.25/);
  assert.equal((await store.getGuild(guild.id)).speed, 1.25);

  const voice = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'voice', value: 'test:bell' } });
  assert.match(voice.content, /\*\*Voice:\*\* test:bell/);
  assert.equal((await store.getGuild(guild.id)).voice, 'test:bell');

  const ignored = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'ignoredUserIds', value: `<@${id('bob')}>` } });
  assert.match(ignored.content, new RegExp(`\\*\\*Ignored users:\\*\\* <@${id('bob')}>`));
  assert.deepEqual((await store.getGuild(guild.id)).ignoredUserIds, [id('bob')]);

  const announceNames = (await store.getGuild(guild.id)).announceNames;
  for (const [setting, value, message] of [
    ['announceNames', 'maybe', /Use on or off for this setting \(got "maybe"\)/],
    ['voice', 'test:nope', /There is no voice "test:nope"/],
    ['speed', 'fast', /That setting needs a number \(got "fast"\)/],
    ['speed', '7', /speed must be a number from 0\.5 to 2\.5/],
    ['nonsense', 'x', /I do not know that setting/],
  ] as const) {
    const bad = await run('alice', { name: 'settings', subcommand: 'set', options: { setting, value } });
    assert.equal(bad.ephemeral, true);
    assert.match(bad.content, message, `${setting}=${value}`);
  }
  const after = await store.getGuild(guild.id);
  assert.equal(after.speed, 1.25, 'bad values changed nothing');
  assert.equal(after.voice, 'test:bell');
  assert.equal(after.announceNames, announceNames);
});

test('/dictionary add, list, import, export, remove: permissions, replies and stored entries', async () => {
  const empty = await run('bob', { name: 'dictionary', subcommand: 'list' });
  assert.deepEqual(empty, { content: 'The dictionary is empty. Add words with /dictionary add.', ephemeral: true });

  const refused = await run('bob', { name: 'dictionary', subcommand: 'add', options: { word: 'gg', replacement: 'good game' } });
  assert.deepEqual(refused, { content: 'You need the Manage Server permission to change that.', ephemeral: true });
  assert.deepEqual(await store.listDictionary(guild.id), []);

  const added = await run('alice', { name: 'dictionary', subcommand: 'add', options: { word: ' gg ', replacement: 'good game' } });
  assert.deepEqual(added, { content: 'I will say "gg" as "good game".', ephemeral: true });

  const json = JSON.stringify([{ pattern: 'brb', replacement: 'be right back' }, { pattern: 'afk', replacement: 'away from keyboard' }]);
  const imported = await run('alice', { name: 'dictionary', subcommand: 'import', options: { json } });
  assert.deepEqual(imported, { content: 'Added 2 new entries.', ephemeral: true });
  const stored = await store.listDictionary(guild.id);
  assert.deepEqual(stored.map((e) => [e.pattern, e.replacement]).sort(), [['afk', 'away from keyboard'], ['brb', 'be right back'], ['gg', 'good game']]);

  const broken = await run('alice', { name: 'dictionary', subcommand: 'import', options: { json: '{oops' } });
  assert.deepEqual(broken, { content: 'That is not valid JSON. Export a dictionary with /dictionary export to see the format.', ephemeral: true });
  const noPattern = await run('alice', { name: 'dictionary', subcommand: 'import', options: { json: '[{"replacement": "x"}]' } });
  assert.equal(noPattern.content, 'Entry 1 needs a text "pattern" and a text "replacement".');
  const nothing = await run('alice', { name: 'dictionary', subcommand: 'import' });
  assert.equal(nothing.content, 'Attach a .json file or paste the JSON into the json option.');
  assert.equal((await store.listDictionary(guild.id)).length, 3, 'failed imports add nothing');

  const list = await run('bob', { name: 'dictionary', subcommand: 'list' });
  assert.equal(list.ephemeral, true);
  for (const line of ['`gg` -> good game', '`brb` -> be right back', '`afk` -> away from keyboard']) assert.ok(list.content.includes(line), line);

  const exportedAt = fake.requests.length;
  const exported = await run('bob', { name: 'dictionary', subcommand: 'export' });
  assert.deepEqual(exported, { content: '3 entries.', ephemeral: true });
  const upload = fake.requests.slice(exportedAt).find((r) => r.files.length > 0);
  assert.ok(upload, 'the reply carried a file');
  assert.equal(upload.files[0].name, 'dictionary.json');
  assert.equal(upload.files[0].bytes, Buffer.byteLength(formatDictionaryJson(await store.listDictionary(guild.id))));

  const removed = await run('alice', { name: 'dictionary', subcommand: 'remove', options: { word: 'gg' } });
  assert.deepEqual(removed, { content: 'Removed "gg".', ephemeral: true });
  const again = await run('alice', { name: 'dictionary', subcommand: 'remove', options: { word: 'gg' } });
  assert.deepEqual(again, { content: '"gg" is not in the dictionary.', ephemeral: true });
  assert.deepEqual((await store.listDictionary(guild.id)).map((e) => e.pattern).sort(), ['afk', 'brb']);
});

test('/autoread channel and off: Manage Server only, stored, and the reply explains the restart it needs', async () => {
  const general = guild.channel('general').id;
  const channelOption = (channelId: string) => [{ name: 'channel', type: OPTION_TYPE.channel, value: channelId }];
  const refused = await run('bob', { name: 'autoread', subcommand: 'channel', options: channelOption(general) });
  assert.deepEqual(refused, { content: 'You need the Manage Server permission to change that.', ephemeral: true });
  assert.equal((await store.getGuild(guild.id)).autoreadChannelId, null);

  const on = await run('alice', { name: 'autoread', subcommand: 'channel', options: channelOption(general) });
  assert.equal(on.ephemeral, true);
  assert.match(on.content, new RegExp(`^I will read new messages in <#${general}> aloud\\.`));
  // No guild had auto-read on at start-up, so the bot connected without Message Content.
  assert.equal(bot.context.hasMessageContent, false);
  assert.match(on.content, /without the Message Content intent.*after my next restart/);
  assert.equal((await store.getGuild(guild.id)).autoreadChannelId, general);

  const off = await run('alice', { name: 'autoread', subcommand: 'off' });
  assert.deepEqual(off, { content: 'Auto-read is off.', ephemeral: true });
  assert.equal((await store.getGuild(guild.id)).autoreadChannelId, null);
});

test('/join and /leave: need a channel, join for real, refuse outsiders, leave and clear', async () => {
  const voiceId = guild.channel('Voice').id;
  const botId = fake.botUser.id;
  assert.deepEqual(await run('alice', { name: 'leave' }), { content: 'I am not in a voice channel.', ephemeral: true });
  assert.deepEqual(await run('bob', { name: 'join' }), { content: 'Join a voice channel first, then use /join.', ephemeral: true });

  const joined = await run('alice', { name: 'join' });
  assert.deepEqual(joined, { content: `Joined <#${voiceId}>.`, ephemeral: true });
  assert.equal(bot.context.connections.channelIdOf(guild.id), voiceId);
  assert.equal(guild.voiceStates.get(botId)?.channelId, voiceId, 'Discord sees the bot in the channel');
  await fake.waitForVoiceSession(guild.id, { timeoutMs: 10_000 });
  assert.deepEqual(await run('carol', { name: 'join' }), { content: 'I am already here.', ephemeral: true });

  const outsider = await run('bob', { name: 'leave' });
  assert.deepEqual(outsider, { content: `Only people in <#${voiceId}> (or with Manage Server) can make me leave.`, ephemeral: true });
  assert.equal(bot.context.connections.channelIdOf(guild.id), voiceId);

  const left = await run('carol', { name: 'leave' });
  assert.deepEqual(left, { content: 'Left the voice channel and cleared the queue.', ephemeral: true });
  assert.equal(bot.context.connections.channelIdOf(guild.id), null);
  await waitUntil(() => (guild.voiceStates.has(botId) ? undefined : true), 'the bot to leave the voice channel', { timeoutMs: 10_000 });
});

test('refusals and invalid input above are answered, not counted as bot errors', async () => {
  assert.deepEqual((await bot.metrics.errors.get()).values, []);
});
