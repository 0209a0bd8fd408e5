// In-process smoke test of startBot's wiring against the fake Discord (test/fake-discord): real discord.js and
// @discordjs/voice, a sine "generator" encoded by the real audio pipeline in this thread. The full end-to-end suite with the real generator
// and pipeline lives elsewhere; this one proves commands reach handlers, /say reaches the voice channel as audio,
// /stop silences it, and stop() shuts down in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BotConfig } from '../../src/config/bot-config.ts';
import { startBot } from '../../src/discord/start-bot.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import { startFakeDiscord } from '../fake-discord/index.ts';
import { SineGenerator } from '../playback/fakes.ts';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';
import type { SpeechRequest } from '../../src/generator/speech-request.ts';

test('startBot against a fake Discord: refusal, /say is heard, /stop silences, stop() is quick', { timeout: 60_000 }, async () => {
  const fake = await startFakeDiscord({ trustInProcess: true });
  const guild = fake.createGuild({ members: [{ username: 'alice', voiceChannel: 'Voice' }, 'bob'] });
  const store = await openSettingsStore('sqlite::memory:');
  const sine = new SineGenerator();
  sine.chunksPerText = 40; // 4 s of tone per message
  const generator = {
    stream: sine.stream.bind(sine),
    speak: (request: SpeechRequest, encode: AudioPipelineOptions, signal?: AbortSignal) => encodeInProcess(sine.stream(request, signal), encode),
    listVoices: async () => [{ id: 'test:sine', engine: 'test', language: 'en-US', sampleRate: 16000, installed: true, license: 'MIT', description: 'sine' }],
    close: async () => undefined,
  };
  const config: BotConfig = {
    discordToken: 'fake-token', discordClientId: fake.applicationId, discordDevGuildId: guild.id, discordApiUrl: fake.restUrl, discordGatewayUrl: null,
    databaseUrl: 'sqlite::memory:', modelsDir: 'models', defaultVoice: 'test:sine', generatorWorkers: 1, generatorProviders: ['cpu'],
    maxTextLength: 1000, queueMaxDepth: 20, userRateLimit: 5, userRateWindowSeconds: 10, speedupQueueThreshold: 3, speedupMax: 1.5,
    leaveWhenAloneSeconds: 60, reconnectMaxAttempts: 5, healthHost: '127.0.0.1', healthPort: 0, logLevel: 'silent', sharding: 'off',
  };
  const bot = await startBot(config, { store, generator, logger: createLogger({ level: 'silent' }) });
  try {
    assert.ok(fake.requests.some((r) => r.method === 'PUT' && r.path.includes(`/guilds/${guild.id}/commands`)), 'commands registered in the dev guild');

    const refused = fake.injectSlashCommand({ guildId: guild.id, userId: 'bob', name: 'say', options: { text: '440' } });
    const refusal = await fake.waitForReplyContent(refused.id);
    assert.equal(refusal.ephemeral, true);
    assert.match(refusal.content ?? '', /Join a voice channel/);

    const saidAt = performance.now();
    const said = fake.injectSlashCommand({ guildId: guild.id, userId: 'alice', name: 'say', options: { text: '440' } });
    const reply = await fake.waitForReplyContent(said.id, { timeoutMs: 20_000 });
    assert.match(reply.content ?? '', /Speaking|Queued/);
    const audio = await fake.waitForAudio(guild.id, { minAudibleMs: 300, timeoutMs: 20_000 });
    assert.ok(audio.audibleMs >= 300);
    console.log(`[measure] /say -> 300 ms audible: ${Math.round(performance.now() - saidAt)} ms`);

    const stop = fake.injectSlashCommand({ guildId: guild.id, userId: 'alice', name: 'stop' });
    assert.match((await fake.waitForReplyContent(stop.id)).content ?? '', /Stopped/);
    assert.equal(sine.calls[0].signal.aborted, true, '/stop aborted the generation');
    const heardBeforeStop = fake.receiver.audioFor(guild.id).audibleMs;
    console.log(`[measure] audible ms when /stop answered: ${heardBeforeStop}`);
    assert.ok(heardBeforeStop < 3500, `stopped well before the 4 s message ended (${heardBeforeStop} ms heard)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const heardAfter = fake.receiver.audioFor(guild.id).audibleMs;
    assert.ok(heardAfter - heardBeforeStop <= 100, `no more tone after /stop (${heardAfter - heardBeforeStop} ms more)`);
  } finally {
    const started = Date.now();
    await bot.stop();
    assert.ok(Date.now() - started < 5_000, 'shutdown within 5 s');
    await store.close();
    await fake.close();
  }
});
