// /say when the generator is fully booked: the member is told the start may be late, not just "Speaking.".
// Real discord.js and @discordjs/voice against the fake Discord; a generator whose load() says whether requests wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';
import { startBot } from '../../src/discord/start-bot.ts';
import { encodeInProcess } from '../../src/generator/encode-in-process.ts';
import type { SpeechRequest, VoiceInfo } from '../../src/generator/speech-request.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';
import { startFakeDiscord } from '../fake-discord/index.ts';
import { e2eConfig } from '../e2e/helpers/e2e-bot.ts';
import { SineGenerator } from '../playback/fakes.ts';

const VOICES: VoiceInfo[] = [{ id: 'test:sine', engine: 'test', language: 'en-US', sampleRate: 16000, installed: true, license: 'MIT', description: 'sine' }];

test('/say while every worker is booked: accepted, and the reply says it may start late', { timeout: 60_000 }, async () => {
  const fake = await startFakeDiscord({ trustInProcess: true });
  const guild = fake.createGuild({ members: [{ username: 'alice', voiceChannel: 'Voice' }] });
  const store = await openSettingsStore('sqlite::memory:');
  const sine = new SineGenerator();
  let waiting = 0;
  const generator = {
    stream: sine.stream.bind(sine),
    speak: (request: SpeechRequest, encode: AudioPipelineOptions, signal?: AbortSignal) => encodeInProcess(sine.stream(request, signal), encode),
    listVoices: async () => VOICES,
    close: async () => undefined,
    load: () => ({ waiting, oldestWaitMs: waiting > 0 ? 1500 : 0, delayed: waiting, coreShare: 1 }),
  };
  const config = e2eConfig(fake, { discordDevGuildId: guild.id, defaultVoice: 'test:sine', userRateLimit: 0, speedupQueueThreshold: 0, leaveWhenAloneSeconds: 0 });
  const bot = await startBot(config, { store, generator, logger: createLogger({ level: 'silent' }) });
  const alice = guild.member('alice').user.id;
  try {
    const say = async (text: string): Promise<string> => {
      const { id } = fake.injectSlashCommand({ guildId: guild.id, userId: alice, name: 'say', options: { text } });
      return (await fake.waitForReplyContent(id, { timeoutMs: 15_000 })).content ?? '';
    };
    assert.equal(await say('440'), 'Speaking.');
    await bot.context.playbacks.get(guild.id).idle();
    waiting = 3;
    const busy = await say('660');
    assert.match(busy, /^Speaking\. I am busy with other servers right now, so it may take a few seconds to start\.$/);
  } finally {
    await bot.stop();
    await store.close();
    await fake.close();
  }
});
