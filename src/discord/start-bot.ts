import { once } from 'node:events';
import type { AudioPlayer } from '@discordjs/voice';
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { resolveAudioPipelineOptions, type AudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import type { BotConfig } from '../config/bot-config.ts';
import { createSpeechGenerator } from '../generator/create-speech-generator.ts';
import type { SpeechGenerator } from '../generator/speech-generator.ts';
import { BotMetrics } from '../health/bot-metrics.ts';
import { startHealthServer, type HealthServer } from '../health/health-server.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import { systemClock, type Clock } from '../playback/clock.ts';
import type { PlaybackLimits } from '../playback/guild-playback.ts';
import { PlaybackRegistry } from '../playback/playback-registry.ts';
import { VoiceAudioOutput } from '../playback/voice-audio-output.ts';
import type { SpeechAudioSource } from '../playback/playback-output.ts';
import { opusBitrateForChannel } from '../playback/channel-bitrate.ts';
import { defaultSpeedUpRule } from '../playback/speed-up.ts';
import { batchSeconds } from '../generator/encoded-speech.ts';
import { openSettingsStore } from '../storage/open-settings-store.ts';
import type { SettingsStore } from '../storage/settings-store.ts';
import { handleAutoreadMessage } from './autoread/autoread-handler.ts';
import { NameAnnouncer } from './autoread/name-announcer.ts';
import { SpamGuard } from './autoread/spam-guard.ts';
import type { BotContext } from './bot-context.ts';
import { commandHandlers } from '../../commands/index.ts';
import { checkVoiceDependencies } from './dependency-check.ts';
import { routeInteraction } from './interaction-router.ts';
import { metricsObserver } from './metrics-observer.ts';
import { registerCommands } from './register-commands.ts';
import { discordTextCleaner, type TextCleaner } from './speech-text.ts';
import { VoiceCatalog } from './voice-catalog.ts';
import { defaultReconnectPolicy } from './voice/reconnect-policy.ts';
import { VoiceConnections } from './voice/voice-connections.ts';
import { warmUpSpeech } from './warm-up.ts';

/** The bot refuses to start; the message says what to fix. */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** Everything startBot would otherwise make itself; tests pass fakes or shared instances. */
export interface BotDependencies {
  readonly logger: Logger;
  readonly store: SettingsStore;
  readonly generator: SpeechGenerator;
  readonly clock: Clock;
  readonly cleanText: TextCleaner;
  /** @discordjs/voice's generateDependencyReport() text; injectable to test the refusal. */
  readonly dependencyReport: string;
  /** Register slash commands at start-up (default true). */
  readonly registerCommands: boolean;
  /** Request the Message Content intent even if no guild has auto-read on yet. */
  readonly messageContent: boolean;
  /** Prometheus metrics; tests pass their own to read values without an HTTP scrape. */
  readonly metrics: BotMetrics;
  /** Audio pipeline settings (the Opus bitrate is the voice channel's, within the limits of channel-bitrate.ts). */
  readonly audio: Partial<AudioPipelineOptions>;
  /** Audio generated ahead of playback per message, in seconds (default DEFAULT_READ_AHEAD_SECONDS). */
  readonly readAheadSeconds: number;
}

/**
 * Seconds of audio the queue lets a message's generation run ahead of playback. Large enough that the next message
 * is fully made while the current one plays; bounded so one long message cannot hold unbounded memory
 * (30 s of 24 kHz float mono is about 2.9 MB per stream).
 */
const DEFAULT_READ_AHEAD_SECONDS = 30;

export interface RunningBot {
  readonly client: Client;
  readonly context: BotContext;
  readonly metrics: BotMetrics;
  /** Stops accepting, cuts speech, leaves voice, closes what startBot opened. Resolves within about 5 s. */
  stop(): Promise<void>;
}

export const SHUTDOWN_BUDGET_MS = 5_000;

/** The AudioPlayer behind a guild's output: the bot's outputs are always VoiceAudioOutputs. */
function playerOf(output: unknown): AudioPlayer {
  if (!(output instanceof VoiceAudioOutput)) throw new Error('a guild playback without a voice output cannot be joined to a channel');
  return output.player;
}

/**
 * Starts the bot in this process: checks voice libraries, opens the store and the generator, registers commands,
 * logs in. Discord's REST base comes from config.discordApiUrl, so a fake Discord can stand in for the real one.
 */
export async function startBot(config: BotConfig, deps: Partial<BotDependencies> = {}): Promise<RunningBot> {
  const voiceLibraries = checkVoiceDependencies(deps.dependencyReport);
  if (!voiceLibraries.ok) throw new StartupError(`Voice is not usable on this machine:\n  - ${voiceLibraries.problems.join('\n  - ')}`);

  const log = deps.logger ?? createLogger({ level: config.logLevel, secrets: [config.discordToken] });
  const clock = deps.clock ?? systemClock;
  const owned: (() => Promise<void>)[] = [];
  const closeOwned = async (): Promise<void> => {
    for (const close of owned.reverse()) await close().catch((error: unknown) => log.warn({ err: error }, 'close failed'));
  };

  try {
    const store = deps.store ?? (await openSettingsStore(config.databaseUrl));
    if (!deps.store) owned.push(() => store.close());
    const generator =
      deps.generator ??
      (await createSpeechGenerator({
        workers: config.generatorWorkers,
        modelsDir: config.modelsDir,
        executionProviders: config.generatorProviders,
        ...(config.neuralVocoder ? { neuralVocoder: config.neuralVocoder } : {}),
        ...(config.generatorNiceness !== undefined ? { workerNiceness: config.generatorNiceness } : {}),
        ...(config.generatorUtilisation !== undefined ? { utilisation: config.generatorUtilisation } : {}),
        maxCharacters: config.maxTextLength,
        log: (level, message, fields) => log[level]({ ...fields }, message),
      }));
    if (!deps.generator) owned.push(() => generator.close());
    // Checked here, once, so a bad setting stops start-up instead of failing every utterance.
    // The watermark (WATERMARK, on by default) names this bot by its application id; a guild may still turn it off.
    const audio = resolveAudioPipelineOptions({ watermark: config.watermark ?? true, watermarkId: config.discordClientId, ...deps.audio });
    // Not awaited: it runs beside command registration and the login, and never throws.
    void warmUpSpeech(generator, config.defaultVoice, audio, log);
    const metrics = deps.metrics ?? new BotMetrics();

    if (deps.registerCommands ?? true) {
      const registered = await registerCommands({
        token: config.discordToken,
        clientId: config.discordClientId,
        devGuildId: config.discordDevGuildId,
        apiUrl: config.discordApiUrl,
      });
      log.info({ commands: registered.count, scope: registered.scope, guildId: config.discordDevGuildId ?? undefined }, 'slash commands registered');
    }

    // Message Content is privileged: ask for it only when some guild reads messages aloud.
    const autoreadGuilds = await store.listAutoreadGuilds();
    const messageContent = (deps.messageContent ?? false) || autoreadGuilds.length > 0;
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildMessages];
    if (messageContent) intents.push(GatewayIntentBits.MessageContent);
    const clientOptions: ClientOptions = { intents, ...(config.discordApiUrl ? { rest: { api: config.discordApiUrl } } : {}) };
    const client = new Client(clientOptions);

    const limits: PlaybackLimits = {
      maxDepth: config.queueMaxDepth,
      userRateLimit: config.userRateLimit,
      userRateWindowMs: config.userRateWindowSeconds * 1000,
      speedUp: {
        threshold: config.speedupQueueThreshold,
        maxMultiplier: config.speedupQueueThreshold === 0 ? 1 : config.speedupMax,
        stepPerMessage: defaultSpeedUpRule.stepPerMessage,
      },
      readAheadSeconds: deps.readAheadSeconds ?? DEFAULT_READ_AHEAD_SECONDS,
    };
    const observer = metricsObserver(metrics);
    // Speech is encoded at the bitrate of the channel it will play in, as the channel is when generation starts.
    const channelBitrate = (guildId: string): number | undefined => {
      const channelId = connections.channelIdOf(guildId);
      const channel = channelId ? client.channels.cache.get(channelId) : undefined;
      return channel && 'bitrate' in channel && typeof channel.bitrate === 'number' ? channel.bitrate : undefined;
    };
    const speechFor = (guildId: string): SpeechAudioSource => ({
      open: (request, signal) =>
        generator.speak(request, { ...audio, opusBitrate: opusBitrateForChannel(channelBitrate(guildId), audio.opusBitrate) }, signal),
      seconds: batchSeconds,
    });
    // One owner for a guild's live speech state: its GuildPlayback, made on first use, holds the queue and the audio
    // output (the AudioPlayer its voice connection subscribes to); removing it (onGone below) ends both.
    const playbacks = new PlaybackRegistry((guildId) => ({
      speech: speechFor(guildId),
      output: new VoiceAudioOutput(undefined, { promptStart: () => (generator.load?.().waiting ?? 0) === 0 }),
      limits,
      clock,
      log: (level, message, fields) => log[level]({ ...fields }, message),
      observer,
    }));
    metrics.observeLive({
      queueDepth: () => playbacks.totalDepth,
      activeStreams: () => playbacks.totalActiveStreams,
      generatorWaiting: () => generator.load?.().waiting ?? 0,
      generatorDelayed: () => generator.load?.().delayed ?? 0,
      generatorCoreShare: () => generator.load?.().coreShare ?? 1,
    });
    const connections = new VoiceConnections({
      policy: { ...defaultReconnectPolicy, maxAttempts: config.reconnectMaxAttempts },
      leaveWhenAloneMs: config.leaveWhenAloneSeconds * 1000,
      playerFor: (guildId) => playerOf(playbacks.get(guildId).output),
      onGone: (guildId, reason) => {
        // join() failures reach the user (and the error count) through the command that asked; here only the
        // connection that was lost for good is a voice error of its own.
        if (reason === 'gave-up') metrics.errors.inc({ kind: 'voice' });
        // Closing the playback empties the queue, cancels generation and stops its player at once.
        playbacks.remove(guildId);
      },
      log: (level, message, fields) => log[level]({ ...fields }, message),
    });

    let accepting = true;
    const context: BotContext = {
      defaultVoice: config.defaultVoice,
      maxTextLength: config.maxTextLength,
      dictionaryImportTimeoutMs: config.dictionaryImportTimeoutSeconds === undefined ? undefined : config.dictionaryImportTimeoutSeconds * 1000,
      store,
      generator,
      voices: new VoiceCatalog(generator, clock),
      playbacks,
      connections,
      cleanText: deps.cleanText ?? discordTextCleaner,
      announcer: new NameAnnouncer(clock),
      spamGuard: new SpamGuard(),
      clock,
      log,
      accepting: () => accepting,
      hasMessageContent: messageContent,
      metrics,
    };

    client.on(Events.InteractionCreate, (interaction) => void routeInteraction(interaction, commandHandlers, context));
    client.on(Events.MessageCreate, (message) => void handleAutoreadMessage(message, context));
    client.on(Events.VoiceStateUpdate, (_old, state) => {
      if (client.user) connections.onVoiceStateUpdate(state.guild.id, state.id, state.channelId, client.user.id);
    });
    client.on(Events.GuildDelete, (guild) => connections.leave(guild.id, 'left'));
    client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
    client.on(Events.ShardDisconnect, (_event, shardId) => log.warn({ shardId }, 'gateway disconnected'));

    let health: HealthServer | undefined;
    if (config.healthPort > 0) {
      health = await startHealthServer({
        host: config.healthHost,
        port: config.healthPort,
        metrics,
        checks: () => ({ gateway: client.isReady(), accepting, generatorWorkers: generator.isHealthy?.() ?? true }),
      });
      log.info({ url: health.url }, 'health server listening');
    }

    const ready = once(client, Events.ClientReady);
    await client.login(config.discordToken);
    await ready;
    log.info({ guilds: client.guilds.cache.size, messageContent, autoreadGuilds: autoreadGuilds.length }, 'bot ready');

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        accepting = false;
        playbacks.closeAll();
        connections.leaveAll('shutdown');
        const closing = (async () => {
          await client.destroy();
          await health?.close();
          await closeOwned();
        })();
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_BUDGET_MS - 500).unref());
        await Promise.race([closing, timeout]);
        log.info('bot stopped');
      })();
      return stopping;
    };
    return { client, context, metrics, stop };
  } catch (error) {
    await closeOwned();
    if (error instanceof StartupError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`The bot could not start: ${reason}`, { cause: error });
  }
}
