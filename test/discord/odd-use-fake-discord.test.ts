// Odd and hostile use of the text commands as a member meets it (issue 13): the real bot (startBot, discord.js) against
// the fake Discord, a real SQLite store, and a generator that records each request and, like the real one, refuses a
// text over the process limit. Every answer is checked as the member sees it; every request as the generator sees it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { startBot, type RunningBot } from '../../src/discord/start-bot.ts';
import type { SpeechRequest, VoiceInfo } from '../../src/generator/speech-request.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import type { SettingsStore } from '../../src/storage/settings-store.ts';
import { checkTextLimits } from '../../src/text/text-limits.ts';
import { fromSerializedError, toSerializedError } from '../../src/generator/pool/speech-error-transport.ts';
import { startFakeDiscord, type FakeDiscord, type FakeGuild, type InteractionReply, type SlashCommandInput } from '../fake-discord/index.ts';
import { waitUntil } from '../fake-discord/wait.ts';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';

const MAX_TEXT_LENGTH = 1000;

const VOICES: VoiceInfo[] = [
  { id: 'test:tone', engine: 'test', language: 'en-US', sampleRate: 24000, installed: true, license: 'MIT', description: 'a plain tone' },
];

const requests: SpeechRequest[] = [];
const generator = {
  stream: (request: SpeechRequest) => {
    requests.push(request);
    return (async function* () {
      // What the real worker does first: a text over MAX_TEXT_LENGTH is an error, after "Speaking." was sent; it
      // reaches the bot as the SpeechError the worker boundary makes of it.
      try {
        checkTextLimits(request.text, MAX_TEXT_LENGTH);
      } catch (error) {
        throw fromSerializedError(toSerializedError(error, 'test'));
      }
      yield* [];
    })();
  },
  listVoices: async () => VOICES,
  close: async () => undefined,
  speak(request: SpeechRequest, encode: AudioPipelineOptions) {
    return encodeInProcess(this.stream(request), encode);
  },
};

let fake: FakeDiscord;
let guild: FakeGuild;
let store: SettingsStore;
let bot: RunningBot;

before(async () => {
  fake = await startFakeDiscord({ trustInProcess: true });
  guild = fake.createGuild({ textChannels: ['general', 'reading'], members: [{ username: 'alice', voiceChannel: 'Voice' }, 'bob'] });
  store = await openSettingsStore('sqlite::memory:');
  await store.updateGuild(guild.id, { autoreadChannelId: guild.channel('reading').id });
  const config: BotConfig = {
    discordToken: 'fake-token', discordClientId: fake.applicationId, discordDevGuildId: guild.id, discordApiUrl: fake.restUrl, discordGatewayUrl: null,
    databaseUrl: 'sqlite::memory:', modelsDir: 'models', defaultVoice: 'test:tone', generatorWorkers: 1, generatorProviders: ['cpu'],
    maxTextLength: MAX_TEXT_LENGTH, queueMaxDepth: 50, userRateLimit: 0, userRateWindowSeconds: 10, speedupQueueThreshold: 0, speedupMax: 1,
    leaveWhenAloneSeconds: 0, reconnectMaxAttempts: 5, healthHost: '127.0.0.1', healthPort: 0, logLevel: 'silent', sharding: 'off',
  };
  bot = await startBot(config, { store, generator, logger: createLogger({ level: 'silent' }) });
});

after(async () => {
  await bot.stop();
  await store.close();
  await fake.close();
});

async function run(user: string, input: Omit<SlashCommandInput, 'guildId' | 'userId'>): Promise<InteractionReply & { content: string }> {
  const { id } = fake.injectSlashCommand({ guildId: guild.id, userId: user, ...input });
  const reply = await fake.waitForReplyContent(id, { timeoutMs: 15_000 });
  return { ...reply, content: reply.content ?? '' };
}

async function say(text: string): Promise<{ answer: string; request: SpeechRequest | undefined }> {
  const before = requests.length;
  const answer = (await run('alice', { name: 'say', options: { text } })).content;
  if (!/^(Speaking|Queued)/.test(answer)) return { answer, request: undefined };
  const request = await waitUntil(() => requests[before], 'the request to reach the generator', { timeoutMs: 5_000 });
  return { answer, request };
}

test('a dictionary word with "-" (and other regex syntax) is read literally and breaks nothing', async () => {
  for (const [word, replacement] of [['e-mail', 'email'], ['c++', 'C plus plus'], ['a.b', 'A B'], ['(x)', 'ex'], ['\\', 'backslash'], ['[y]', 'why']]) {
    const added = await run('alice', { name: 'dictionary', subcommand: 'add', options: { word, replacement } });
    assert.equal(added.content, `I will say "${word}" as "${replacement}".`);
  }
  const hello = await say('hello');
  assert.equal(hello.answer, 'Speaking.');
  assert.equal(hello.request?.text, 'hello');
  const mail = await say('send an E-Mail about c++ and (x) now');
  assert.equal(mail.request?.text, 'send an email about C plus plus and ex now');
  // a.b matches only itself, not "axb".
  assert.equal((await say('axb and a.b')).request?.text, 'axb and A B');

  const before = requests.length;
  fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: 'my e-mail is down' });
  const read = await waitUntil(() => requests.slice(before).find((r) => /email/.test(r.text)), 'the auto-read message to be spoken', { timeoutMs: 5_000 });
  assert.match(read.text, /my email is down$/);
  for (const word of ['e-mail', 'c++', 'a.b', '(x)', '\\', '[y]']) await store.removeDictionaryEntry(guild.id, word);
});

test('the guild\'s longest-message setting cannot exceed MAX_TEXT_LENGTH: refused when set, clamped when used', async () => {
  const refused = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'maxLength', value: '2000' } });
  assert.equal(refused.ephemeral, true);
  assert.match(refused.content, /at most 1000/);
  assert.notEqual((await store.getGuild(guild.id)).maxLength, 2000);

  // A value stored before (an older version, or a larger MAX_TEXT_LENGTH then) is clamped at use time.
  await store.updateGuild(guild.id, { maxLength: 2000 });
  const long = 'This sentence is part of a very long message. '.repeat(33).trim();
  assert.ok(long.length > 1500);
  const spoken = await say(long);
  assert.match(spoken.answer, /^(Speaking\.|Queued)/);
  assert.ok(spoken.request, 'the long /say was handed to the generator');
  assert.ok(spoken.request.text.length <= MAX_TEXT_LENGTH, `${spoken.request.text.length} characters reached the generator`);
  assert.match(spoken.request.text, /, and so on$/);

  // Auto-read, with "alice said" in front, also stays within the limit.
  await store.updateGuild(guild.id, { announceNames: true });
  const before = requests.length;
  fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: long });
  const read = await waitUntil(() => requests.slice(before).find((r) => r.text.includes('very long message')), 'the long auto-read message', { timeoutMs: 5_000 });
  assert.ok(read.text.length <= MAX_TEXT_LENGTH, `${read.text.length} characters reached the generator`);
  assert.match(read.text, /, and so on$/);
  await store.updateGuild(guild.id, { maxLength: 300 });
});

test('an import of 10,000 entries says how many were added and how many the full dictionary refused', async () => {
  // The short object form keeps 10,000 entries under the 256 KB import limit.
  const json = JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`w${i}`, `r${i}`])));
  const answer = await run('alice', { name: 'dictionary', subcommand: 'import', options: { json } });
  const before = (await store.listDictionary(guild.id)).length;
  assert.equal(answer.ephemeral, true);
  assert.equal(before, 500);
  assert.match(answer.content, /^Added \d+ new entries\. [\d,]+ entries were not added because the dictionary is full \(500 entries at most\)/);
  const [added, refused] = [...answer.content.matchAll(/([\d,]+) (?:new )?entries/g)].map((m) => Number(m[1].replace(/,/g, '')));
  assert.equal(added + refused, 10_000, answer.content);
  const again = await run('alice', { name: 'dictionary', subcommand: 'import', options: { json: '{"w1": "one", "brand new": "x"}' } });
  assert.equal(again.content, 'Added 0 new entries and updated 1 entry. 1 entry was not added because the dictionary is full (500 entries at most); remove some with /dictionary remove first.');
  for (const entry of await store.listDictionary(guild.id)) await store.removeDictionaryEntry(guild.id, entry.pattern);
});

const UNSAFE = /[^\n\t\P{Cc}]|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function assertSafeReply(reply: InteractionReply & { content: string }, what: string): void {
  assert.equal(reply.ephemeral, true, `${what}: private`);
  assert.doesNotMatch(reply.content, UNSAFE, `${what}: ${JSON.stringify(reply.content)}`);
  // A first reply carries its message under `data`; an edit of a deferred reply at the top level.
  type Mentions = { allowed_mentions?: { parse?: unknown[] } };
  const body = reply.body as Mentions & { data?: Mentions };
  assert.deepEqual((body.data ?? body).allowed_mentions?.parse, [], `${what}: mentions disabled`);
}

test('answers echo no control or bidi characters and ping nobody; stored settings refuse control characters', async () => {
  const evil = 'x\u0000\u001b[2J\u202Eevil\u2066@everyone';
  const voice = await run('alice', { name: 'say', options: { text: 'hi', voice: `test:${evil}` } });
  assertSafeReply(voice, '/say voice');
  assert.match(voice.content, /"test:xevil@everyone" is not a voice id/);

  const word = await run('alice', { name: 'dictionary', subcommand: 'add', options: { word: `a${evil}`, replacement: 'b' } });
  assertSafeReply(word, '/dictionary add with control characters');
  assert.match(word.content, /must not contain control characters or text-direction overrides/);
  assert.deepEqual(await store.listDictionary(guild.id), []);

  const ping = await run('alice', { name: 'dictionary', subcommand: 'add', options: { word: '@everyone', replacement: '<@&123> @here' } });
  assertSafeReply(ping, '/dictionary add @everyone');
  assert.equal(ping.content, 'I will say "@everyone" as "<@&123> @here".');
  assertSafeReply(await run('alice', { name: 'dictionary', subcommand: 'list' }), '/dictionary list');
  assertSafeReply(await run('alice', { name: 'dictionary', subcommand: 'remove', options: { word: `nothing${evil}` } }), '/dictionary remove');
  await store.removeDictionaryEntry(guild.id, '@everyone');

  for (const value of ['\u0000!', '!\u202E', '\u001b[31m']) {
    const prefix = await run('alice', { name: 'settings', subcommand: 'set', options: { setting: 'skipPrefix', value } });
    assertSafeReply(prefix, `skip prefix ${JSON.stringify(value)}`);
    assert.match(prefix.content, /skipPrefix must not contain control characters or text-direction overrides/);
  }
  assert.equal((await store.getGuild(guild.id)).skipPrefix, '');
  assertSafeReply(await run('alice', { name: 'settings', subcommand: 'view' }), '/settings view');
});

test('auto-read never drops a message silently when no voice can read its language: the message is marked', async () => {
  await store.updateGuild(guild.id, { languageFallback: false });
  try {
    const before = requests.length;
    const messageId = fake.injectMessage({ guildId: guild.id, channelId: 'reading', userId: 'alice', content: 'こんにちは、元気ですか' });
    const reaction = await fake.waitForRequest((r) => r.method === 'PUT' && r.path.includes(`/messages/${messageId}/reactions/`), {
      timeoutMs: 5_000, description: 'a reaction on the message',
    });
    assert.match(decodeURIComponent(reaction.path), /\/reactions\/🔇\/@me$/);
    assert.equal(requests.length, before, 'nothing was handed to the generator');
  } finally {
    await store.updateGuild(guild.id, { languageFallback: true });
  }
});
