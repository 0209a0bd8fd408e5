// /dictionary import with a file, end to end: the real bot against the fake Discord, the file served by a 127.0.0.1
// server this test starts, which sends a byte-order mark, lies about the size, or stalls. The fake has no attachment
// option of its own, so this file builds that one interaction payload (resolved.attachments) from the fake's parts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';
import { startBot, type RunningBot } from '../../src/discord/start-bot.ts';
import type { SpeechRequest, VoiceInfo } from '../../src/generator/speech-request.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import type { SettingsStore } from '../../src/storage/settings-store.ts';
import { interactionPayload } from '../fake-discord/interactions.ts';
import { startFakeDiscord, type FakeDiscord, type FakeGuild } from '../fake-discord/index.ts';

const VOICES: VoiceInfo[] = [{ id: 'test:tone', engine: 'test', language: 'en-US', sampleRate: 24000, installed: true, license: 'MIT', description: 'a tone' }];
const generator = {
  stream: (_request: SpeechRequest) => (async function* () {})(),
  speak: (_request: SpeechRequest, encode: AudioPipelineOptions) => encodeInProcess((async function* () {})(), encode),
  listVoices: async () => VOICES,
  close: async () => undefined,
};
const ATTACHMENT_OPTION = 11;
const APPLICATION_COMMAND = 2;
const MB = 1024 * 1024;

let fake: FakeDiscord;
let guild: FakeGuild;
let store: SettingsStore;
let bot: RunningBot;
let files: Server;
let filesUrl: string;
let hugeBytesSent = 0;

before(async () => {
  files = createServer((request, response) => {
    if (request.url === '/bom.json') {
      response.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"brb": "be right back", "afk": "away"}')]));
    } else if (request.url === '/huge.json') {
      const piece = Buffer.alloc(64 * 1024, 0x20);
      const send = (): void => {
        while (hugeBytesSent < 40 * MB) {
          hugeBytesSent += piece.length;
          if (!response.write(piece)) return void response.once('drain', send);
        }
        response.end();
      };
      send();
    } else if (request.url === '/stall.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"a":');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

  fake = await startFakeDiscord({ trustInProcess: true });
  guild = fake.createGuild({ textChannels: ['general'], members: [{ username: 'alice', voiceChannel: 'Voice' }] });
  store = await openSettingsStore('sqlite::memory:');
  const config: BotConfig = {
    discordToken: 'fake-token', discordClientId: fake.applicationId, discordDevGuildId: guild.id, discordApiUrl: fake.restUrl, discordGatewayUrl: null,
    databaseUrl: 'sqlite::memory:', modelsDir: 'models', defaultVoice: 'test:tone', generatorWorkers: 1, generatorProviders: ['cpu'],
    maxTextLength: 1000, queueMaxDepth: 20, userRateLimit: 0, userRateWindowSeconds: 10, speedupQueueThreshold: 0, speedupMax: 1,
    dictionaryImportTimeoutSeconds: 1, leaveWhenAloneSeconds: 0, reconnectMaxAttempts: 5, healthHost: '127.0.0.1', healthPort: 0,
    logLevel: 'silent', sharding: 'off',
  };
  bot = await startBot(config, { store, generator, logger: createLogger({ level: 'silent' }) });
});

after(async () => {
  await bot.stop();
  await store.close();
  await fake.close();
  files.closeAllConnections();
  await new Promise((resolve) => files.close(resolve));
});

/** /dictionary import file:<attachment> as alice, with the attachment's declared size and where it is served. */
async function importFile(path: string, declaredSize: number): Promise<string> {
  const { world } = fake;
  const id = world.nextId();
  const token = world.newInteractionToken();
  const channelId = guild.channel('general').id;
  const userId = guild.member('alice').user.id;
  const attachmentId = world.nextId();
  const command = (world.guildCommands.get(guild.id) ?? []).find((c) => c.name === 'dictionary');
  world.interactions.set(id, { id, token, type: APPLICATION_COMMAND, guildId: guild.id, channelId, userId, acknowledged: false, ephemeral: false, replies: [] });
  const payload = interactionPayload({
    id, token, type: APPLICATION_COMMAND, applicationId: world.applicationId, commandId: command?.id ?? world.nextId(), guild, channelId, userId,
    input: { guildId: guild.id, name: 'dictionary', subcommand: 'import' },
    options: [{ name: 'import', type: 1, options: [{ name: 'file', type: ATTACHMENT_OPTION, value: attachmentId }] }],
  });
  const data = payload.data as Record<string, unknown>;
  data.resolved = {
    attachments: {
      [attachmentId]: { id: attachmentId, filename: 'dictionary.json', size: declaredSize, url: `${filesUrl}${path}`, proxy_url: `${filesUrl}${path}`, content_type: 'application/json' },
    },
  };
  fake.gateway.dispatch('INTERACTION_CREATE', payload, guild.id);
  return (await fake.waitForReplyContent(id, { timeoutMs: 15_000 })).content ?? '';
}

test('a file saved with a UTF-8 byte-order mark imports', async () => {
  assert.equal(await importFile('/bom.json', 45), 'Added 2 new entries.');
  assert.deepEqual((await store.listDictionary(guild.id)).map((e) => e.pattern).sort(), ['afk', 'brb']);
});

test('a file declared small but served huge is cut off at the limit, not read whole', async () => {
  const answer = await importFile('/huge.json', 60);
  assert.equal(answer, 'That file is too large (256 KB at most).');
  await new Promise((resolve) => setTimeout(resolve, 200));
  console.log(`[measure] the server got to send ${(hugeBytesSent / MB).toFixed(2)} MB of its 40 MB`);
  assert.ok(hugeBytesSent < 8 * MB, `${(hugeBytesSent / MB).toFixed(1)} MB sent`);
  assert.equal(await importFile('/huge.json', 40 * MB), 'That file is too large (256 KB at most).', 'a declared size over the limit is refused at once');
});

test('a stalled download ends with a clear message after DICTIONARY_IMPORT_TIMEOUT_SECONDS', async () => {
  const started = performance.now();
  const answer = await importFile('/stall.json', 100);
  const ms = performance.now() - started;
  assert.equal(answer, 'The download of that file took longer than 1 s, so I gave up. Please try again.');
  assert.ok(ms < 5_000, `answered after ${ms.toFixed(0)} ms`);
});
