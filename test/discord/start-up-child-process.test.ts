// `npm start` as a real child process, at the start-up steps that come before the bot exists: the voice library
// report at info, a token Discord (the local fake) rejects, and a Discord that cannot be reached (a refused
// 127.0.0.1 port), where the bot retries with backoff and still exits promptly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKEN_REJECTED_MESSAGE } from '../../src/discord/discord-reachability.ts';
import { startFakeDiscord } from '../fake-discord/index.ts';
import { waitUntil } from '../fake-discord/wait.ts';

const root = join(import.meta.dirname, '..', '..');
const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gwrong.this-token-must-never-be-printed';

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

function startBotProcess(cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [join(root, 'src', 'preflight.js'), '--opus', join(root, 'src', 'main.ts')], {
    cwd,
    env: {
      ...process.env,
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_DEV_GUILD_ID: '',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
      SHARDING: 'off',
      DATABASE_URL: `sqlite:${join(cwd, 'settings.sqlite')}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: performance.now() })));
  const lines = (): LogLine[] =>
    output.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
  return { child, exited, output: () => output, lines };
}

async function refusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

test('a token Discord rejects ends npm start with one clear line, exit 1, and the token nowhere', async () => {
  const fake = await startFakeDiscord({ token: 'the-right-token' });
  const cwd = await mkdtemp(join(tmpdir(), 'start-up-401-'));
  try {
    const bot = startBotProcess(cwd, fake.childEnv());
    const { code } = await bot.exited;
    assert.equal(code, 1, bot.output());
    const fatal = bot.lines().filter((l) => l.level === 'fatal' || l.level === 'error');
    assert.deepEqual(fatal.map((l) => l.msg), [TOKEN_REJECTED_MESSAGE], bot.output());
    assert.equal(fatal[0].err, undefined, 'no error object repeating the message with a stack');
    assert.doesNotMatch(bot.output(), /this-token-must-never-be-printed/);
    assert.doesNotMatch(bot.output(), /401: Unauthorized/);
    const libraries = bot.lines().find((l) => l.msg === 'voice libraries (Opus, encryption, DAVE)');
    assert.ok(libraries, 'the dependency report is logged at info before connecting');
    assert.equal(libraries.level, 'info');
    const found = libraries.voiceLibraries as Record<string, string[]>;
    assert.match(found.opus.join(), /@discordjs\/opus: \d/);
    assert.ok(found.encryption.length > 0 && found.dave.length > 0, JSON.stringify(found));
  } finally {
    await fake.close();
    await rm(cwd, { recursive: true, force: true });
  }
});

test('an unreachable Discord is retried with logged backoff, and SIGTERM still exits 0 within 5 s', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'start-up-down-'));
  try {
    const bot = startBotProcess(cwd, { DISCORD_API_URL: `http://127.0.0.1:${await refusedPort()}/api` });
    const retry = await waitUntil(() => bot.lines().find((l) => l.msg === 'Discord unreachable at start-up; retrying'), 'the first retry', { timeoutMs: 20_000, intervalMs: 20 })
      .catch((error: unknown) => assert.fail(`${String(error)}\n${bot.output()}`));
    assert.equal(retry.level, 'warn');
    assert.equal(retry.attempt, 1);
    assert.equal(retry.retryInMs, 1000);
    assert.match(String(retry.reason), /ECONNREFUSED/);
    // The second probe comes after the 1 s backoff: the process is still waiting, not gone.
    await waitUntil(() => bot.lines().find((l) => l.msg === 'Discord unreachable at start-up; retrying' && l.attempt === 2), 'the second retry', { timeoutMs: 10_000, intervalMs: 20 });
    const signalled = performance.now();
    bot.child.kill('SIGTERM');
    const { code, at } = await bot.exited;
    assert.equal(code, 0, bot.output());
    assert.ok(at - signalled < 5_000, `exited ${Math.round(at - signalled)} ms after SIGTERM`);
    assert.ok(bot.lines().some((l) => l.msg === 'shutting down during start-up'));
    assert.doesNotMatch(bot.output(), /this-token-must-never-be-printed/);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});

test('npm run register with a rejected token says so in one line', async () => {
  const fake = await startFakeDiscord({ token: 'the-right-token' });
  const cwd = await mkdtemp(join(tmpdir(), 'register-401-'));
  try {
    const child = spawn(process.execPath, [join(root, 'src', 'preflight.js'), join(root, 'src', 'discord', 'register-cli.ts')], {
      cwd,
      env: { ...process.env, ...fake.childEnv(), DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: '123456789012345678', DISCORD_DEV_GUILD_ID: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(stderr, `${TOKEN_REJECTED_MESSAGE}\n`);
  } finally {
    await fake.close();
    await rm(cwd, { recursive: true, force: true });
  }
});
