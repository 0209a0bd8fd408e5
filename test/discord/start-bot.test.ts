import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { startBot, StartupError } from '../../src/discord/start-bot.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import { SineGenerator } from '../playback/fakes.ts';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';
import type { SpeechRequest } from '../../src/generator/speech-request.ts';

const TOKEN = 'MTExMTExMTExMTExMTExMTEx.GabcDE.secret-part-of-the-token-value-xyz';

function config(apiUrl: string | null): BotConfig {
  return {
    discordToken: TOKEN, discordClientId: '111', discordDevGuildId: '222', discordApiUrl: apiUrl, discordGatewayUrl: null,
    databaseUrl: 'sqlite::memory:', modelsDir: 'models', defaultVoice: 'neural:slt', generatorWorkers: 1, generatorProviders: ['cpu'],
    maxTextLength: 1000, queueMaxDepth: 20, userRateLimit: 5, userRateWindowSeconds: 10, speedupQueueThreshold: 3, speedupMax: 1.5,
    leaveWhenAloneSeconds: 60, reconnectMaxAttempts: 5, healthHost: '127.0.0.1', healthPort: 0, logLevel: 'info', sharding: 'off',
  };
}

function fakeGenerator() {
  const generator = new SineGenerator();
  let closed = false;
  return {
    stream: generator.stream.bind(generator),
    speak: (request: SpeechRequest, encode: AudioPipelineOptions, signal?: AbortSignal) => encodeInProcess(generator.stream(request, signal), encode),
    listVoices: async () => [], close: async () => void (closed = true), get closed() { return closed; } };
}

function collectingLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination: new Writable({ write(chunk: Buffer, _e, cb) { lines.push(chunk.toString()); cb(); } }) });
  return { logger, lines };
}

test('refuses to start without the DAVE library, saying what to install', async () => {
  const report = 'Opus Libraries\n- @discordjs/opus: 0.10.0\n\nEncryption Libraries\n- native crypto support for aes-256-gcm: yes\n\nDAVE Libraries\n- @snazzah/davey: not found\n';
  await assert.rejects(startBot(config(null), { dependencyReport: report }), (error: unknown) => {
    assert.ok(error instanceof StartupError);
    assert.match(error.message, /@snazzah\/davey/);
    return true;
  });
});

test('a Discord that rejects the token gives a clear start-up error without the token, and nothing is left open', async () => {
  const server = createServer((_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"message": "401: Unauthorized", "code": 0}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const store = await openSettingsStore('sqlite::memory:');
  const generator = fakeGenerator();
  const { logger, lines } = collectingLogger();
  try {
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    await assert.rejects(startBot(config(apiUrl), { store, generator, logger }), (error: unknown) => {
      assert.ok(error instanceof StartupError);
      assert.match(error.message, /could not start: .*401/i);
      assert.ok(!error.message.includes(TOKEN) && !error.message.includes('secret-part'));
      return true;
    });
    assert.equal(generator.closed, false, 'injected dependencies belong to the caller');
    assert.ok(!lines.join('').includes('secret-part'));
    // The injected store still works: startBot did not close it.
    assert.equal((await store.getGuild('123')).guildId, '123');
  } finally {
    await store.close();
    await new Promise((resolve) => server.close(resolve));
  }
});
