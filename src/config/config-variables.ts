import { DICTIONARY_IMPORT_TIMEOUT_SECONDS, GENERATOR_UTILISATION, QUEUE_DEPTH, SPEEDUP_MAX, SPEEDUP_QUEUE_THRESHOLD, TEXT_LENGTH, USER_RATE, USER_RATE_WINDOW_SECONDS } from '../limits/speech-limits.ts';

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
const GENERATOR_WORKERS_DEFAULT_TEXT = 'one per CPU core, at most 8';

export const configVariables: readonly ConfigVariable[] = [
  variable('DISCORD_TOKEN', null, 'Bot token from the Discord developer portal (Bot -> Reset Token). Keep it secret.', { required: true, secret: true }),
  variable('DISCORD_CLIENT_ID', null, 'Application id, used to register slash commands.', { required: true }),
  variable('DISCORD_DEV_GUILD_ID', null, 'Register slash commands in this one server only; they update instantly there (development).'),
  variable('DISCORD_API_URL', null, 'Base URL of the Discord REST API, e.g. a fake Discord in tests (http or https).'),
  variable('DISCORD_GATEWAY_URL', null, 'Discord gateway URL override, e.g. a fake Discord in tests (ws or wss).'),
  variable('DATABASE_URL', 'sqlite:data/settings.sqlite', 'Where settings live: sqlite:<path>, a plain file path, or postgres://user:password@host/db.'),
  variable('MODELS_DIR', 'models', 'Folder with the voice model files, relative to the working directory; downloads go to <MODELS_DIR>/voices. The bot and every npm CLI read it.'),
  variable('DEFAULT_VOICE', 'neural:slt', 'Voice (engine:voice) used when neither the member nor the server chose one.'),
  variable('GENERATOR_WORKERS', GENERATOR_WORKERS_DEFAULT_TEXT, 'Speech generator worker threads (1 to 64).'),
  variable('GENERATOR_PROVIDERS', 'cpu', 'ONNX execution providers in order of preference: cpu, or cuda,cpu for a GPU.'),
  variable('GENERATOR_NICENESS', '10', 'Nice value (0 to 19) of the speech generator threads: above the main thread\'s 0, so Discord\'s 20 ms packet clock wins the cores. On a machine shared with other busy programs, 0 keeps them from starving synthesis.'),
  variable('GENERATOR_UTILISATION', String(GENERATOR_UTILISATION.default), `Share of the CPU each worker gets (${GENERATOR_UTILISATION.min} to ${GENERATOR_UTILISATION.max}; measured, so it shrinks while other programs take the cores) that the speech it makes may need together; beyond it new messages wait for room instead of making playing speech stutter.`),
  variable('NEURAL_VOCODER', 'auto', 'Vocoder of the neural voices: int8 (about 30 % less CPU, same intelligibility), fp32, or auto = fp32 when CUDA comes first, else int8.'),
  variable('WATERMARK', 'on', 'AI-speech watermark in all speech (inaudible; carries a hash of DISCORD_CLIENT_ID; `npm run watermark -- detect file` finds it): on or off. A server can also turn it off in its settings.'),
  variable('MAX_TEXT_LENGTH', String(TEXT_LENGTH.default), `Longest text one request may have, in characters (${TEXT_LENGTH.min} to ${TEXT_LENGTH.max}); a server's longest-message setting never exceeds it.`),
  variable('QUEUE_MAX_DEPTH', String(QUEUE_DEPTH.default), `Most messages waiting per server; further ones are refused (${QUEUE_DEPTH.min} to ${QUEUE_DEPTH.max}).`),
  variable('USER_RATE_LIMIT', String(USER_RATE.default), `Messages one member may queue per rate window; 0 = no limit (at most ${USER_RATE.max}).`),
  variable('USER_RATE_WINDOW_SECONDS', String(USER_RATE_WINDOW_SECONDS.default), `Length of the rate window in seconds (${USER_RATE_WINDOW_SECONDS.min} to ${USER_RATE_WINDOW_SECONDS.max}).`),
  variable('SPEEDUP_QUEUE_THRESHOLD', String(SPEEDUP_QUEUE_THRESHOLD.default), `Queue length from which speech speeds up to catch up; 0 = never (at most ${SPEEDUP_QUEUE_THRESHOLD.max}).`),
  variable('SPEEDUP_MAX', String(SPEEDUP_MAX.default), `Largest catch-up speed multiplier (${SPEEDUP_MAX.min} to ${SPEEDUP_MAX.max}).`),
  variable(
    'DICTIONARY_IMPORT_TIMEOUT_SECONDS',
    String(DICTIONARY_IMPORT_TIMEOUT_SECONDS.default),
    `How long downloading a /dictionary import file may take before it is given up (${DICTIONARY_IMPORT_TIMEOUT_SECONDS.min} to ${DICTIONARY_IMPORT_TIMEOUT_SECONDS.max}).`,
  ),
  variable('LEAVE_WHEN_ALONE_SECONDS', '60', 'Leave a voice channel after being alone this long; 0 = stay.'),
  variable('RECONNECT_MAX_ATTEMPTS', '5', 'Voice reconnection attempts before giving up (0 to 100).'),
  variable('HEALTH_HOST', '127.0.0.1', 'Address the health/metrics HTTP server listens on.'),
  variable('HEALTH_PORT', '8080', 'Port of the health/metrics HTTP server; 0 = off.'),
  variable('LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent. Message contents are logged only at debug and below.'),
  variable('SHARDING', 'off', 'off, auto (Discord recommends a count), or a fixed number of shards: the total over all hosts, the same on every host.'),
  variable('SHARD_IDS', null, 'The shards this host runs out of SHARDING\'s total, e.g. 0,1 or 0-1 or 0-3,8 (unset = all). Split over hosts sharing one PostgreSQL; the host with shard 0 registers slash commands.'),
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
