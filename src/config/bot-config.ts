/** ONNX execution providers GENERATOR_PROVIDERS may name; the generator tries them in order, CPU last. */
export const EXECUTION_PROVIDERS = ['cuda', 'cpu'] as const;
export type ExecutionProviderName = (typeof EXECUTION_PROVIDERS)[number];

/** NEURAL_VOCODER: the neural voices' vocoder precision (see EngineOptions.neuralVocoder). */
export const NEURAL_VOCODER_PRECISIONS = ['auto', 'int8', 'fp32'] as const;
export type NeuralVocoderPrecision = (typeof NEURAL_VOCODER_PRECISIONS)[number];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** 'off' = one process, no sharding; 'auto' = as many shards as Discord recommends; a number = that many. */
export type ShardingMode = 'off' | 'auto' | number;

/** Everything the bot reads from its environment, validated. See configVariables for meanings and defaults. */
export interface BotConfig {
  /** Secret: never log it. Loggers from src/logging redact it, but do not put it in messages yourself. */
  readonly discordToken: string;
  readonly discordClientId: string;
  readonly discordDevGuildId: string | null;
  readonly discordApiUrl: string | null;
  readonly discordGatewayUrl: string | null;
  readonly databaseUrl: string;
  readonly modelsDir: string;
  readonly defaultVoice: string;
  readonly generatorWorkers: number;
  readonly generatorProviders: readonly ExecutionProviderName[];
  /** GENERATOR_NICENESS; absent means the pool's default (10). */
  readonly generatorNiceness?: number;
  /** GENERATOR_UTILISATION; absent means the pool's default (GENERATOR_UTILISATION.default). */
  readonly generatorUtilisation?: number;
  /** NEURAL_VOCODER; absent means 'auto'. */
  readonly neuralVocoder?: NeuralVocoderPrecision;
  /** WATERMARK: mark all speech with the AI-speech watermark; absent means on. */
  readonly watermark?: boolean;
  readonly maxTextLength: number;
  readonly queueMaxDepth: number;
  /** 0 = no limit. */
  readonly userRateLimit: number;
  readonly userRateWindowSeconds: number;
  /** 0 = never speed up. */
  readonly speedupQueueThreshold: number;
  readonly speedupMax: number;
  /** How long a /dictionary import file download may take; absent = DICTIONARY_IMPORT_TIMEOUT_SECONDS' default. */
  readonly dictionaryImportTimeoutSeconds?: number;
  /** 0 = stay when alone. */
  readonly leaveWhenAloneSeconds: number;
  readonly reconnectMaxAttempts: number;
  readonly healthHost: string;
  /** 0 = no health server. */
  readonly healthPort: number;
  readonly logLevel: LogLevel;
  readonly sharding: ShardingMode;
  /** SHARD_IDS: the shards this host runs out of `sharding`'s total, ascending; null or absent = all of them. */
  readonly shardIds?: readonly number[] | null;
}
