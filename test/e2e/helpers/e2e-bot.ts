// One fake Discord + the real bot (startBot) + the real worker-pool generator + the real Opus pipeline, in this
// process. The only additions are observers: the generator records every request it is asked for, so tests can
// render the same requests again as a reference and see what the queue did.
import type { BotConfig } from '../../../src/config/bot-config.ts';
import { createSpeechGenerator } from '../../../src/generator/create-speech-generator.ts';
import type { PooledSpeechGenerator } from '../../../src/generator/create-speech-generator.ts';
import type { SpeechGenerator } from '../../../src/generator/speech-generator.ts';
import type { SpeechRequest } from '../../../src/generator/speech-request.ts';
import { startBot } from '../../../src/discord/start-bot.ts';
import type { RunningBot } from '../../../src/discord/start-bot.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { openSettingsStore } from '../../../src/storage/open-settings-store.ts';
import type { GuildSettings, SettingsStore } from '../../../src/storage/settings-store.ts';
import { startFakeDiscord } from '../../fake-discord/index.ts';
import type { FakeDiscord, FakeDiscordOptions, FakeGuild, GuildInput } from '../../fake-discord/index.ts';

export const E2E_TOKEN = 'e2e.bot-token.must-never-leak';

export interface RecordedRequest {
  readonly request: SpeechRequest;
  /** performance.now() when the bot asked for it. */
  readonly at: number;
  readonly signal: AbortSignal | undefined;
  /** Chunks as the bot's pipeline pulled them: when (performance.now()) and how much audio (ms, overlap excluded). */
  readonly chunks: Array<{ at: number; audioMs: number }>;
}

export interface E2eBot {
  readonly fake: FakeDiscord;
  readonly bot: RunningBot;
  readonly store: SettingsStore;
  /** The real generator the bot uses (shared with reference renders). */
  readonly generator: PooledSpeechGenerator;
  readonly guilds: FakeGuild[];
  /** Every request the bot handed to the generator, oldest first. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface E2eBotOptions {
  readonly guilds: GuildInput[];
  readonly config?: Partial<BotConfig>;
  /** Settings written to the store before the bot starts (so auto-read asks for Message Content like in production). */
  readonly settings?: (guilds: FakeGuild[]) => Array<Partial<GuildSettings> & { guildId: string }>;
  readonly workers?: number;
  /** Options for the fake (e.g. its DAVE protocol version; DAVE v1 is the default, as on Discord). */
  readonly fake?: Omit<FakeDiscordOptions, 'trustInProcess' | 'token'>;
}

/**
 * Every e2e test hears the bot through DAVE listeners. Whatever it asserts, a frame sent without the E2EE layer while
 * someone listened, or one a listener in the group could not decrypt, fails the suite when it closes.
 */
export function daveProblems(fake: FakeDiscord): string[] {
  const problems: string[] = [];
  for (const session of fake.voice.sessions) {
    const dave = session.dave;
    if (session.daveErrors.length > 0) problems.push(`guild ${session.guildId}: the fake could not handle the bot's DAVE messages: ${session.daveErrors.join(', ')}`);
    if (!dave) continue;
    if (dave.errors.length > 0) problems.push(`guild ${session.guildId}: the fake gateway's DAVE work failed: ${dave.errors.join(', ')}`);
    if (dave.stats.plaintextFrames > 0) problems.push(`guild ${session.guildId}: ${dave.stats.plaintextFrames} frames without the E2EE layer`);
    for (const listener of dave.listeners) {
      if (listener.stats.failedInGroup > 0) problems.push(`guild ${session.guildId}: listener ${listener.userId} failed to decrypt ${listener.stats.failedInGroup} frames`);
    }
  }
  return problems;
}

export function e2eConfig(fake: FakeDiscord, overrides: Partial<BotConfig> = {}): BotConfig {
  return {
    discordToken: E2E_TOKEN, discordClientId: fake.applicationId, discordDevGuildId: null, discordApiUrl: fake.restUrl,
    discordGatewayUrl: null, databaseUrl: 'sqlite::memory:', modelsDir: 'models', defaultVoice: 'neural:slt', generatorWorkers: 1,
    generatorProviders: ['cpu'], maxTextLength: 1000, queueMaxDepth: 20, userRateLimit: 5, userRateWindowSeconds: 10,
    speedupQueueThreshold: 3, speedupMax: 1.5, leaveWhenAloneSeconds: 60, reconnectMaxAttempts: 5, healthHost: '127.0.0.1',
    healthPort: 0, logLevel: 'silent', sharding: 'off', ...overrides,
  };
}

function recording(inner: PooledSpeechGenerator, requests: RecordedRequest[]): SpeechGenerator {
  return {
    stream: (request, signal) => {
      const recorded: RecordedRequest = { request, at: performance.now(), signal, chunks: [] };
      requests.push(recorded);
      const source = inner.stream(request, signal);
      return (async function* observed() {
        for await (const chunk of source) {
          recorded.chunks.push({ at: performance.now(), audioMs: ((chunk.samples.length - chunk.overlap) / chunk.sampleRate) * 1000 });
          yield chunk;
        }
      })();
    },
    speak: (request, encode, signal) => {
      const recorded: RecordedRequest = { request, at: performance.now(), signal, chunks: [] };
      requests.push(recorded);
      const source = inner.speak(request, encode, signal);
      return {
        get summary() {
          return source.summary;
        },
        async *[Symbol.asyncIterator]() {
          for await (const batch of source) {
            recorded.chunks.push({ at: performance.now(), audioMs: batch.packets.length * 20 });
            yield batch;
          }
        },
      };
    },
    listVoices: () => inner.listVoices(),
    close: () => inner.close(),
    isHealthy: () => inner.isHealthy?.() ?? true,
  };
}

export async function startE2eBot(options: E2eBotOptions): Promise<E2eBot> {
  const fake = await startFakeDiscord({ ...options.fake, trustInProcess: true, token: E2E_TOKEN });
  const cleanups: Array<() => Promise<void>> = [() => fake.close()];
  const cleanUp = async (): Promise<void> => {
    const problems = daveProblems(fake);
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    if (problems.length > 0) throw new Error(`DAVE: ${problems.join('; ')}`);
  };
  try {
    const guilds = options.guilds.map((input) => fake.createGuild(input));
    const store = await openSettingsStore('sqlite::memory:');
    cleanups.push(() => store.close());
    for (const { guildId, ...patch } of options.settings?.(guilds) ?? []) await store.updateGuild(guildId, patch);
    const config = e2eConfig(fake, options.config);
    const generator = await createSpeechGenerator({ workers: options.workers ?? config.generatorWorkers, maxCharacters: config.maxTextLength });
    cleanups.push(() => generator.close());
    // A running bot has its default voice warm a second after start (startBot warms it beside the login). Tests send
    // commands right after startBot returns, so warm here and wait; the recording wrapper has no warmUp of its own,
    // which keeps startBot from warming a second time.
    await generator.pool.warmUp([config.defaultVoice]);
    const requests: RecordedRequest[] = [];
    const bot = await startBot(config, { store, generator: recording(generator, requests), logger: createLogger({ level: 'silent' }) });
    cleanups.push(() => bot.stop());
    return { fake, bot, store, generator, guilds, requests, close: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
