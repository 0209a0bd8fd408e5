/**
 * Structured JSON logging (pino) for the whole bot.
 *
 * Rules for everyone logging:
 * - Message contents (what members wrote, what is spoken) go to `debug` only, never to info and above: the
 *   default level (info) must not collect members' messages. Log ids and lengths at info instead.
 * - Put context in fields (`logger.info({ guildId, voice }, 'joined')`), errors under `err`.
 * - Secrets are redacted twice: by key (token, authorization, password, DISCORD_TOKEN, discordToken, at the top level
 *   and one level down) and by value (anything shaped like a Discord token, plus the exact `secrets` given, anywhere
 *   in the line, messages and error stacks included). Still: do not log secrets on purpose.
 */
import pino from 'pino';
import type { DestinationStream } from 'pino';
import { REDACTED, redactSecrets } from './redact-secrets.ts';

export type Logger = pino.Logger;

const LOGGER_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoggerOptions {
  /** One of LOGGER_LEVELS. */
  readonly level: string;
  /** Where JSON lines go; stdout by default. Anything with `write(line)`, e.g. a test's collector. */
  readonly destination?: DestinationStream;
  /** Exact values to hide wherever they appear (the configured token, a database password). */
  readonly secrets?: readonly string[];
  /** Fields on every line, e.g. `{ shard: 0 }`. */
  readonly base?: Record<string, unknown>;
}

const SECRET_KEYS = ['token', 'authorization', 'password', 'DISCORD_TOKEN', 'discordToken', 'accessToken', 'secret'];
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

/** In a JSON line a secret with quotes or backslashes appears escaped; hide both spellings. */
function withJsonSpellings(secrets: readonly string[]): string[] {
  return [...new Set(secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))];
}

function redactingStream(target: DestinationStream, secrets: readonly string[]): DestinationStream {
  const all = withJsonSpellings(secrets);
  const stream: DestinationStream & { flush?: () => void } = {
    write: (line: string) => target.write(redactSecrets(line, all)),
  };
  const flushable = target as DestinationStream & { flush?: (cb?: () => void) => void };
  if (typeof flushable.flush === 'function') stream.flush = () => flushable.flush?.();
  return stream;
}

export function createLogger(options: LoggerOptions): Logger {
  const level = String(options.level).toLowerCase();
  if (!(LOGGER_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`Unknown log level "${options.level}"; use one of ${LOGGER_LEVELS.join(', ')}`);
  }
  // Asynchronous: a synchronous write blocks the main thread while stdout's pipe is full, and the main thread keeps
  // every voice connection's 20 ms clock (in a burst of 32 joins, sync writes took up to 25 ms per 100 ms). pino
  // flushes what is still buffered when the process exits.
  const destination = options.destination ?? pino.destination({ dest: 1, sync: false });
  return pino(
    {
      level,
      base: { pid: process.pid, ...options.base },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    redactingStream(destination, options.secrets ?? []),
  );
}

/** Adapts a Logger to the `(level, message, fields)` callback shape EngineOptions.log and similar hooks use. */
export function logFunction(logger: Logger): (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void {
  return (level, message, fields) => logger[level](fields ?? {}, message);
}
