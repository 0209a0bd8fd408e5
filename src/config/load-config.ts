import { defaultWorkerCount } from './worker-count.ts';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url.ts';
import { looksLikeDiscordToken, redactSecrets } from '../logging/redact-secrets.ts';
import type { BotConfig, ExecutionProviderName, LogLevel, NeuralVocoderPrecision, ShardingMode } from './bot-config.ts';
import { EXECUTION_PROVIDERS, LOG_LEVELS, NEURAL_VOCODER_PRECISIONS } from './bot-config.ts';
import { configVariables } from './config-variables.ts';
import { defaultEnvFile, readEnvironment, resolveModelsDir } from './environment.ts';
import { parseShardIds, shardIdsProblem } from './shard-ids.ts';
import { DICTIONARY_IMPORT_TIMEOUT_SECONDS, GENERATOR_UTILISATION, QUEUE_DEPTH, SPEEDUP_MAX, SPEEDUP_QUEUE_THRESHOLD, TEXT_LENGTH, USER_RATE, USER_RATE_WINDOW_SECONDS, type LimitRange, splitVoiceId } from '../limits/speech-limits.ts';

/** The environment is incomplete or wrong. `problems` has one line per variable; none shows a secret's value. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`The bot's configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  /** A dotenv file whose values apply where the environment has none; null = read none. Default `.env` in the cwd. */
  readonly envFile?: string | null;
}

const byName = new Map(configVariables.map((v) => [v.name, v]));

function shown(name: string, value: string): string {
  if (byName.get(name)?.secret) return '(value hidden)';
  if (looksLikeDiscordToken(value)) return '(value hidden: it looks like a bot token)';
  if (name === 'DATABASE_URL') return JSON.stringify(redactDatabaseUrl(value));
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/** Reads variables one by one, collecting every problem instead of stopping at the first. */
class EnvReader {
  readonly problems: string[] = [];
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  /** The variable's value, or its documented default; empty counts as unset (`FOO=` in a .env file). */
  raw(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    if (value !== undefined && value !== '') return value;
    return byName.get(name)?.default ?? undefined;
  }

  required(name: string, check?: (value: string) => string | null): string {
    const value = this.raw(name);
    if (value === undefined) {
      this.problems.push(`${name} is required: ${byName.get(name)?.meaning ?? ''}`.trim());
      return '';
    }
    const problem = check?.(value);
    if (problem) this.problems.push(`${name} ${problem}`);
    return value;
  }

  /** `parse` returns a value, or throws a problem text that is reported with the offending value. */
  value<T>(name: string, parse: (value: string) => T, fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    try {
      return parse(value);
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      this.problems.push(`${name} ${problem} (got ${shown(name, value)})`);
      return fallback;
    }
  }
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) throw new Error(`must be a whole number from ${min} to ${max}`);
    return number;
  };
}

function integerWithin(range: LimitRange): (value: string) => number {
  return integerIn(range.min, range.max);
}

function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(number) || number < min || number > max) throw new Error(`must be a number from ${min} to ${max}`);
    return number;
  };
}

function discordId(value: string): string {
  if (!/^\d{1,20}$/.test(value)) throw new Error('must be a Discord id (digits only; enable Developer Mode and use "Copy ID")');
  return value;
}

function urlWithScheme(schemes: readonly string[]): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`);
    }
    if (!schemes.includes(url.protocol.slice(0, -1))) throw new Error(`must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`);
    return value;
  };
}

function voiceId(value: string): string {
  if (!splitVoiceId(value)) throw new Error('must be a voice id like neural:slt or piper:en_US-lessac-medium');
  return value;
}

function providers(value: string): ExecutionProviderName[] {
  const names = value.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  const bad = names.filter((p) => !(EXECUTION_PROVIDERS as readonly string[]).includes(p));
  if (names.length === 0 || bad.length > 0) throw new Error('must be a comma-separated list of cpu and cuda, e.g. cuda,cpu');
  return [...new Set(names)] as ExecutionProviderName[];
}

function neuralVocoder(value: string): NeuralVocoderPrecision {
  const precision = value.trim().toLowerCase();
  if (!(NEURAL_VOCODER_PRECISIONS as readonly string[]).includes(precision)) throw new Error(`must be one of ${NEURAL_VOCODER_PRECISIONS.join(', ')}`);
  return precision as NeuralVocoderPrecision;
}

/** WATERMARK and other switches: on/off (also true/false, yes/no, 1/0). */
export function onOff(value: string): boolean {
  const word = value.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(word)) return true;
  if (['off', 'false', 'no', '0'].includes(word)) return false;
  throw new Error('must be on or off');
}

function logLevel(value: string): LogLevel {
  const level = value.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`must be one of ${LOG_LEVELS.join(', ')}`);
  return level as LogLevel;
}

function sharding(value: string): ShardingMode {
  const mode = value.toLowerCase();
  if (mode === 'off' || mode === 'auto') return mode;
  try {
    return integerIn(1, 10_000)(value);
  } catch {
    throw new Error('must be off, auto, or a number of shards from 1 to 10000');
  }
}

function databaseUrl(value: string): string {
  parseDatabaseUrl(value);
  return value;
}

function host(value: string): string {
  if (/\s/.test(value)) throw new Error('must be a host name or IP address without spaces');
  return value;
}

/**
 * Reads and validates the configuration. Values come from `env` first, then from the `.env` file, then from the
 * documented defaults. Throws one ConfigError listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): BotConfig {
  const { values: merged, problems: fileProblems } = readEnvironment(env, options.envFile === undefined ? defaultEnvFile : options.envFile);
  const read = new EnvReader(merged);
  read.problems.push(...fileProblems);

  const discordToken = read.required('DISCORD_TOKEN', (token) => {
    if (/^bot\s/i.test(token)) return 'must be the bare token, without the "Bot " prefix';
    if (/\s/.test(token)) return 'must not contain spaces or line breaks (check for a copy-paste mistake)';
    return null;
  });
  const discordClientId = read.required('DISCORD_CLIENT_ID', (id) => (/^\d{1,20}$/.test(id) ? null : `must be a Discord id (digits only) (got ${shown('DISCORD_CLIENT_ID', id)})`));

  const config: BotConfig = {
    discordToken,
    discordClientId,
    discordDevGuildId: read.value('DISCORD_DEV_GUILD_ID', discordId, null),
    discordApiUrl: read.value('DISCORD_API_URL', urlWithScheme(['http', 'https']), null),
    discordGatewayUrl: read.value('DISCORD_GATEWAY_URL', urlWithScheme(['ws', 'wss']), null),
    databaseUrl: read.value('DATABASE_URL', databaseUrl, ''),
    modelsDir: resolveModelsDir(merged.MODELS_DIR),
    defaultVoice: read.value('DEFAULT_VOICE', voiceId, ''),
    generatorWorkers: merged.GENERATOR_WORKERS?.trim() ? read.value('GENERATOR_WORKERS', integerIn(1, 64), 1) : defaultWorkerCount(),
    generatorProviders: read.value('GENERATOR_PROVIDERS', providers, ['cpu']),
    generatorNiceness: read.value('GENERATOR_NICENESS', integerIn(0, 19), 10),
    generatorUtilisation: read.value('GENERATOR_UTILISATION', numberIn(GENERATOR_UTILISATION.min, GENERATOR_UTILISATION.max), GENERATOR_UTILISATION.default),
    neuralVocoder: read.value('NEURAL_VOCODER', neuralVocoder, 'auto'),
    watermark: read.value('WATERMARK', onOff, true),
    maxTextLength: read.value('MAX_TEXT_LENGTH', integerWithin(TEXT_LENGTH), 0),
    queueMaxDepth: read.value('QUEUE_MAX_DEPTH', integerWithin(QUEUE_DEPTH), 0),
    userRateLimit: read.value('USER_RATE_LIMIT', integerWithin(USER_RATE), 0),
    userRateWindowSeconds: read.value('USER_RATE_WINDOW_SECONDS', integerWithin(USER_RATE_WINDOW_SECONDS), 0),
    speedupQueueThreshold: read.value('SPEEDUP_QUEUE_THRESHOLD', integerWithin(SPEEDUP_QUEUE_THRESHOLD), 0),
    speedupMax: read.value('SPEEDUP_MAX', numberIn(SPEEDUP_MAX.min, SPEEDUP_MAX.max), 1),
    dictionaryImportTimeoutSeconds: read.value('DICTIONARY_IMPORT_TIMEOUT_SECONDS', numberIn(DICTIONARY_IMPORT_TIMEOUT_SECONDS.min, DICTIONARY_IMPORT_TIMEOUT_SECONDS.max), DICTIONARY_IMPORT_TIMEOUT_SECONDS.default),
    leaveWhenAloneSeconds: read.value('LEAVE_WHEN_ALONE_SECONDS', integerIn(0, 86_400), 0),
    reconnectMaxAttempts: read.value('RECONNECT_MAX_ATTEMPTS', integerIn(0, 100), 0),
    healthHost: read.value('HEALTH_HOST', host, ''),
    healthPort: read.value('HEALTH_PORT', integerIn(0, 65_535), 0),
    logLevel: read.value('LOG_LEVEL', logLevel, 'info'),
    sharding: read.value('SHARDING', sharding, 'off'),
    shardIds: read.value('SHARD_IDS', parseShardIds, null),
  };
  // A host's share only means something out of a total: SHARDING=N is checked here, SHARDING=auto once Discord answers.
  if (config.shardIds && config.sharding === 'off') {
    read.problems.push('SHARD_IDS needs SHARDING set to the total number of shards (the same on every host) or to auto');
  } else if (config.shardIds && typeof config.sharding === 'number') {
    const problem = shardIdsProblem(config.shardIds, config.sharding);
    if (problem) read.problems.push(`SHARD_IDS ${problem} (SHARDING=${config.sharding})`);
  }
  // Belt and braces: whatever a check printed, the token itself must not reach the message.
  if (read.problems.length > 0) throw new ConfigError(read.problems.map((p) => redactSecrets(p, [discordToken])));
  return config;
}

/** The configuration as it is safe to log at start-up: the token is replaced, the database password masked. */
export function describeConfig(config: BotConfig): Record<string, unknown> {
  return { ...config, discordToken: '[redacted]', databaseUrl: redactDatabaseUrl(config.databaseUrl) };
}
