/**
 * The real bot (`node src/main.ts`) in a child process, configured only through its environment as an operator would,
 * pointed at a fake Discord. Its CPU, memory and event loop are its own, and the measuring process stays out of them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeDiscord } from '../../test/fake-discord/index.ts';
import { waitUntil } from '../../test/fake-discord/wait.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Keep the tail of the bot's log for error messages; a long overload run at info level stays well under this. */
const OUTPUT_LIMIT = 2_000_000;

export const BENCH_TOKEN = 'bench.bot-token.not-a-secret';

export interface BotProcess {
  readonly pid: number;
  /** http://127.0.0.1:PORT of its health server (/healthz, /metrics). */
  readonly healthUrl: string;
  /** Everything it wrote to stdout and stderr so far (JSON log lines). */
  output(): string;
  /** The configuration it logged at start-up (token redacted by the bot), to show which settings a run had. */
  readonly config: Readonly<Record<string, unknown>> | null;
  metrics(): Promise<string>;
  /** SIGTERM, then SIGKILL after 6 s; removes its temporary database. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The `config` field of the bot's 'starting' log line (pino JSON), or null when it is not there. */
export function startupConfig(output: string): Record<string, unknown> | null {
  for (const line of output.split('\n')) {
    if (!line.includes('"starting"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: unknown; config?: unknown };
      if (entry.msg === 'starting' && typeof entry.config === 'object' && entry.config !== null) return entry.config as Record<string, unknown>;
    } catch {
      // Not a JSON line.
    }
  }
  return null;
}

/**
 * Starts the bot and resolves once it is ready to serve: logged in, commands registered, the default voice warmed
 * up in its generator workers, and /healthz answering 200. `env` overrides the bench's defaults (GENERATOR_WORKERS, ...).
 */
export async function startBotProcess(fake: FakeDiscord, env: Readonly<Record<string, string>>, readyTimeoutMs = 120_000): Promise<BotProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'capacity-bench-'));
  const healthPort = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...fake.childEnv(),
      DISCORD_TOKEN: BENCH_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DATABASE_URL: `sqlite:${join(dataDir, 'settings.sqlite')}`,
      HEALTH_HOST: '127.0.0.1', HEALTH_PORT: String(healthPort), LOG_LEVEL: 'info', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT / 2);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const healthUrl = `http://127.0.0.1:${healthPort}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 6_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  let healthy = false;
  const checkHealth = (): void => {
    fetch(`${healthUrl}/healthz`).then((r) => (healthy = r.status === 200), () => (healthy = false));
  };
  try {
    await waitUntil(() => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the bot exited (${child.exitCode ?? child.signalCode}) while starting`);
      const warmed = output.includes('default voice warmed up') || output.includes('warm-up failed');
      if (!output.includes('bot ready') || !warmed || fake.gatewayStats.identifies === 0) return undefined;
      if (!healthy) {
        checkHealth();
        return undefined;
      }
      return true;
    }, 'the bot to log in, warm up its default voice and report healthy', { timeoutMs: readyTimeoutMs, intervalMs: 100 });
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nbot output (tail):\n${output.slice(-3000)}`, { cause: error });
  }
  return {
    pid: child.pid ?? -1,
    healthUrl,
    config: startupConfig(output),
    output: () => output,
    metrics: async () => {
      const response = await fetch(`${healthUrl}/metrics`);
      if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
      return response.text();
    },
    stop,
  };
}
