/** One environment variable the bot reads. The README's configuration table is generated from this list. */
export interface ConfigVariable {
  readonly name: string;
  /** What is used when the variable is unset or empty; null = nothing (required, or the feature stays off). */
  readonly default: string | null;
  readonly required: boolean;
  /** Never shown in errors or logs. */
  readonly secret: boolean;
  readonly meaning: string;
}

function variable(name: string, defaultValue: string | null, meaning: string, flags: { required?: boolean; secret?: boolean } = {}): ConfigVariable {
  return { name, default: defaultValue, required: flags.required ?? false, secret: flags.secret ?? false, meaning };
}

/** Shown instead of a number because the real default depends on the machine. */
export const GENERATOR_WORKERS_DEFAULT_TEXT = 'CPU cores - 1, from 1 to 4';

export const configVariables: readonly ConfigVariable[] = [
  variable('DISCORD_TOKEN', null, 'Bot token from the Discord developer portal (Bot -> Reset Token). Keep it secret.', { required: true, secret: true }),
  variable('DISCORD_CLIENT_ID', null, 'Application id, used to register slash commands.', { required: true }),
  variable('DISCORD_DEV_GUILD_ID', null, 'Register slash commands in this one server only; they update instantly there (development).'),
  variable('DISCORD_API_URL', null, 'Base URL of the Discord REST API, e.g. a fake Discord in tests (http or https).'),
  variable('DISCORD_GATEWAY_URL', null, 'Discord gateway URL override, e.g. a fake Discord in tests (ws or wss).'),
  variable('DATABASE_URL', 'sqlite:data/settings.sqlite', 'Where settings live: sqlite:<path>, a plain file path, or postgres://user:password@host/db.'),
  variable('MODELS_DIR', 'models', 'Folder with the voice model files.'),
  variable('DEFAULT_VOICE', 'neural:slt', 'Voice (engine:voice) used when neither the member nor the server chose one.'),
  variable('GENERATOR_WORKERS', GENERATOR_WORKERS_DEFAULT_TEXT, 'Speech generator worker threads (1 to 64).'),
  variable('GENERATOR_PROVIDERS', 'cpu', 'ONNX execution providers in order of preference: cpu, or cuda,cpu for a GPU.'),
  variable('MAX_TEXT_LENGTH', '1000', 'Longest text one request may have, in characters (1 to 10000).'),
  variable('QUEUE_MAX_DEPTH', '20', 'Most messages waiting per server; further ones are refused (1 to 1000).'),
  variable('USER_RATE_LIMIT', '5', 'Messages one member may queue per rate window; 0 = no limit.'),
  variable('USER_RATE_WINDOW_SECONDS', '10', 'Length of the rate window in seconds (1 to 3600).'),
  variable('SPEEDUP_QUEUE_THRESHOLD', '3', 'Queue length from which speech speeds up to catch up; 0 = never.'),
  variable('SPEEDUP_MAX', '1.5', 'Largest catch-up speed multiplier (1 to 2.5).'),
  variable('LEAVE_WHEN_ALONE_SECONDS', '60', 'Leave a voice channel after being alone this long; 0 = stay.'),
  variable('RECONNECT_MAX_ATTEMPTS', '5', 'Voice reconnection attempts before giving up (0 to 100).'),
  variable('HEALTH_HOST', '127.0.0.1', 'Address the health/metrics HTTP server listens on.'),
  variable('HEALTH_PORT', '8080', 'Port of the health/metrics HTTP server; 0 = off.'),
  variable('LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent. Message contents are logged only at debug and below.'),
  variable('SHARDING', 'off', 'off, auto (Discord recommends a count), or a fixed number of shards.'),
];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The table as Markdown, for the README (and for a test that checks the README matches). */
export function configVariablesMarkdown(): string {
  const rows = configVariables.map((v) => {
    const defaultText = v.required ? '(required)' : v.default === null ? '(unset)' : `\`${v.default}\``;
    return `| \`${v.name}\` | ${cell(defaultText)} | ${cell(v.meaning)} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
