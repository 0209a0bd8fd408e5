// Before anything is opened at start-up: can Discord be reached, and does it accept the token? A network that is not
// up yet (boot, a container starting before its network, a Discord outage) is waited for with bounded, logged
// exponential backoff instead of exiting after the REST client's own quick retries; a rejected token ends start-up
// with one clear line.

/** Discord's REST base when DISCORD_API_URL is unset; @discordjs/rest adds /v10 to it. */
const DISCORD_API_URL = 'https://discord.com/api';

export const TOKEN_REJECTED_MESSAGE =
  'Discord rejected DISCORD_TOKEN (401 Unauthorized): it is wrong or was reset. Copy a new one from the developer ' +
  'portal (Bot -> Reset Token) into DISCORD_TOKEN.';

export interface RetryPolicy {
  /** Probes in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long one probe may take. */
  readonly probeTimeoutMs: number;
}

/** 1, 2, 4, 8, 16, 30, 30 s between 8 probes: about 1.5 minutes, then exit and leave the rest to a restart policy. */
export const STARTUP_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 30_000, probeTimeoutMs: 10_000 };

/** Start-up cannot go on; the message is written for the person running the bot and never contains the token. */
export class DiscordStartupError extends Error {
  readonly kind: 'token-rejected' | 'unreachable';
  constructor(kind: 'token-rejected' | 'unreachable', message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DiscordStartupError';
    this.kind = kind;
  }
}

export type ProbeOutcome = { readonly ok: true } | { readonly ok: false; readonly tokenRejected: boolean; readonly reason: string };

/** The innermost message of an error chain: undici says "fetch failed" and keeps "connect ECONNREFUSED ..." in cause. */
function describeFailure(error: unknown): string {
  let current: unknown = error;
  let message = String(error);
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

/** One authenticated GET /v10/gateway/bot: the call discord.js makes first when it logs in. */
export async function probeDiscord(apiUrl: string, token: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(`${apiUrl.replace(/\/+$/, '')}/v10/gateway/bot`, {
      headers: { Authorization: `Bot ${token}` },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    if (response.status === 401) return { ok: false, tokenRejected: true, reason: 'HTTP 401' };
    return { ok: false, tokenRejected: false, reason: `HTTP ${response.status}` };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) return { ok: false, tokenRejected: false, reason: `no answer within ${timeoutMs} ms` };
    return { ok: false, tokenRejected: false, reason: describeFailure(error) };
  }
}

/** True for an error (or one in its cause chain) that says Discord refused the token: HTTP 401 or discord.js's TokenInvalid. */
export function isTokenRejected(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const fields = current as Error & { status?: unknown; code?: unknown };
    if (fields.status === 401 || fields.code === 'TokenInvalid') return true;
    current = current.cause;
  }
  return false;
}

export function retryDelayMs(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface WaitForDiscordOptions {
  readonly apiUrl: string | null;
  readonly token: string;
  readonly log: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
  /** Aborted on SIGTERM/SIGINT: the wait ends at once with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly policy?: RetryPolicy;
  readonly probe?: typeof probeDiscord;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Resolves once Discord answers and accepts the token; throws DiscordStartupError when it refuses it or stays unreachable. */
export async function waitForDiscord(options: WaitForDiscordOptions): Promise<void> {
  const policy = options.policy ?? STARTUP_RETRY;
  const apiUrl = options.apiUrl ?? DISCORD_API_URL;
  const probe = options.probe ?? probeDiscord;
  const wait = options.sleep ?? sleep;
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    const outcome = await probe(apiUrl, options.token, policy.probeTimeoutMs, options.signal);
    if (outcome.ok) {
      if (attempt > 1) options.log('info', 'Discord reachable again; starting', { attempt });
      return;
    }
    if (outcome.tokenRejected) throw new DiscordStartupError('token-rejected', TOKEN_REJECTED_MESSAGE);
    if (attempt >= policy.maxAttempts) {
      const seconds = Math.round((performance.now() - started) / 1000);
      throw new DiscordStartupError(
        'unreachable',
        `Discord could not be reached at ${apiUrl} in ${attempt} attempts over ${seconds} s (last: ${outcome.reason}). ` +
          'Check the network and DNS; a restart policy (Docker: --restart unless-stopped) will try again.',
      );
    }
    const delayMs = retryDelayMs(policy, attempt);
    options.log('warn', 'Discord unreachable at start-up; retrying', { attempt, maxAttempts: policy.maxAttempts, retryInMs: delayMs, reason: outcome.reason, apiUrl });
    await wait(delayMs, options.signal);
  }
}
