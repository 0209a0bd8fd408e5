import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DiscordStartupError,
  isTokenRejected,
  probeDiscord,
  retryDelayMs,
  STARTUP_RETRY,
  TOKEN_REJECTED_MESSAGE,
  waitForDiscord,
  type ProbeOutcome,
  type RetryPolicy,
} from '../../src/discord/discord-reachability.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-part-of-the-token_xyz';

async function listen(handler: (status: () => number) => number): Promise<{ server: Server; apiUrl: string; paths: string[]; auth: string[] }> {
  const paths: string[] = [];
  const auth: string[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    auth.push(req.headers.authorization ?? '');
    calls++;
    const status = handler(() => calls);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? '{"url":"wss://gateway.example","shards":1}' : `{"message":"${status}","code":0}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, paths, auth };
}

async function refusedUrl(): Promise<string> {
  const { server, apiUrl } = await listen(() => 200);
  await new Promise((resolve) => server.close(resolve));
  return apiUrl;
}

test('the probe is the authenticated GET /v10/gateway/bot; 200 is ok, 401 is a rejected token, 5xx and refusals are retryable', async () => {
  for (const [status, expected] of [
    [200, { ok: true }],
    [401, { ok: false, tokenRejected: true, reason: 'HTTP 401' }],
    [503, { ok: false, tokenRejected: false, reason: 'HTTP 503' }],
  ] as Array<[number, ProbeOutcome]>) {
    const discord = await listen(() => status);
    try {
      assert.deepEqual(await probeDiscord(discord.apiUrl, TOKEN, 5_000), expected);
      assert.deepEqual(discord.paths, ['GET /api/v10/gateway/bot']);
      assert.deepEqual(discord.auth, [`Bot ${TOKEN}`]);
    } finally {
      discord.server.close();
    }
  }
  const refused = await probeDiscord(await refusedUrl(), TOKEN, 5_000);
  assert.equal(refused.ok, false);
  assert.match(refused.ok ? '' : refused.reason, /ECONNREFUSED/);
});

test('backoff doubles from 1 s up to 30 s, 8 probes in all', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(STARTUP_RETRY, n)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(STARTUP_RETRY.maxAttempts, 8);
});

test('an unreachable Discord is retried with logged backoff, then start-up ends with one clear message', async () => {
  const slept: number[] = [];
  const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  let probes = 0;
  const error = await waitForDiscord({
    apiUrl: null,
    token: TOKEN,
    probe: async () => {
      probes++;
      return { ok: false, tokenRejected: false, reason: 'getaddrinfo EAI_AGAIN discord.com' };
    },
    sleep: async (ms) => {
      slept.push(ms);
    },
    log: (level, message, fields) => logged.push({ level, message, fields }),
  }).then(() => assert.fail('should not resolve'), (e: unknown) => e);
  assert.ok(error instanceof DiscordStartupError);
  assert.equal(error.kind, 'unreachable');
  assert.equal(probes, 8);
  assert.deepEqual(slept, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.match(error.message, /^Discord could not be reached at https:\/\/discord\.com\/api in 8 attempts over \d+ s \(last: getaddrinfo EAI_AGAIN discord\.com\)\./);
  assert.equal(logged.length, 7);
  assert.deepEqual(logged.map((l) => [l.level, l.message, l.fields.attempt, l.fields.retryInMs]), slept.map((ms, i) => ['warn', 'Discord unreachable at start-up; retrying', i + 1, ms]));
  assert.doesNotMatch(JSON.stringify(logged) + error.message, /secret-part/);
});

test('a real server that answers 503 twice, then 200: start-up goes on after two retries', async () => {
  const discord = await listen((calls) => (calls() <= 2 ? 503 : 200));
  const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 20, probeTimeoutMs: 5_000 };
  const logged: string[] = [];
  try {
    await waitForDiscord({ apiUrl: discord.apiUrl, token: TOKEN, policy, log: (level, message, fields) => logged.push(`${level} ${message} ${String(fields.reason)}`) });
    assert.equal(discord.paths.length, 3);
    assert.deepEqual(logged, [
      'warn Discord unreachable at start-up; retrying HTTP 503',
      'warn Discord unreachable at start-up; retrying HTTP 503',
      'info Discord reachable again; starting undefined',
    ]);
  } finally {
    discord.server.close();
  }
});

test('a 401 ends start-up at once with the token message, without the token', async () => {
  const discord = await listen(() => 401);
  try {
    const error = await waitForDiscord({ apiUrl: discord.apiUrl, token: TOKEN, log: () => assert.fail('nothing to retry') }).catch((e: unknown) => e);
    assert.ok(error instanceof DiscordStartupError);
    assert.equal(error.kind, 'token-rejected');
    assert.equal(error.message, TOKEN_REJECTED_MESSAGE);
    assert.match(error.message, /^Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/);
    assert.equal(discord.paths.length, 1);
  } finally {
    discord.server.close();
  }
});

test('a signal during the backoff ends the wait at once', async () => {
  const controller = new AbortController();
  const apiUrl = await refusedUrl();
  const started = performance.now();
  const waiting = waitForDiscord({
    apiUrl,
    token: TOKEN,
    signal: controller.signal,
    log: () => setTimeout(() => controller.abort(new Error('SIGTERM during start-up')), 20),
  });
  await assert.rejects(waiting, /SIGTERM during start-up/);
  assert.ok(performance.now() - started < 900, 'well before the first 1 s backoff ends');
});

test('isTokenRejected finds a 401 or discord.js TokenInvalid anywhere in the cause chain', () => {
  const apiError = Object.assign(new Error('401: Unauthorized'), { status: 401 });
  assert.equal(isTokenRejected(apiError), true);
  assert.equal(isTokenRejected(new Error('The bot could not start: 401: Unauthorized', { cause: apiError })), true);
  assert.equal(isTokenRejected(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' })), true);
  assert.equal(isTokenRejected(Object.assign(new Error('Missing Access'), { status: 403 })), false);
  assert.equal(isTokenRejected(new Error('fetch failed', { cause: new Error('connect ECONNREFUSED') })), false);
  assert.equal(isTokenRejected('401'), false);
});
