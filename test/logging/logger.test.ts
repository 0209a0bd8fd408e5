import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, logFunction } from '../../src/logging/logger.ts';
import { looksLikeDiscordToken, redactSecrets } from '../../src/logging/redact-secrets.ts';

// Token-shaped but made up.
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhAbCd.abcdefghijklmnopqrstuvwxyz0123456789AB';

function capture(level = 'info', secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets, destination: { write: (line: string) => void lines.push(line) } });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

test('lines are structured JSON with level names, time and message', () => {
  const { logger, records } = capture();
  logger.info({ guildId: '1', queued: 3 }, 'message queued');
  const [record] = records();
  assert.equal(record.level, 'info');
  assert.equal(record.msg, 'message queued');
  assert.equal(record.guildId, '1');
  assert.equal(record.queued, 3);
  assert.match(String(record.time), /^\d{4}-\d\d-\d\dT/);
});

test('debug lines (where message contents go) are dropped at info and kept at debug', () => {
  const atInfo = capture('info');
  atInfo.logger.debug({ text: 'hello there' }, 'cleaned message');
  assert.equal(atInfo.lines.length, 0);
  const atDebug = capture('debug');
  atDebug.logger.debug({ text: 'hello there' }, 'cleaned message');
  assert.equal(atDebug.records()[0].text, 'hello there');
});

test('token-like fields are redacted by name, whatever their value', () => {
  const { logger, lines, records } = capture();
  logger.info({ token: 'short-but-secret', DISCORD_TOKEN: 'x1', password: 'pw-123' }, 'a');
  logger.info({ config: { discordToken: 'not-token-shaped' }, headers: { authorization: 'Bot abc' } }, 'b');
  logger.info({ request: { headers: { Authorization: 'Bot def' } } }, 'c');
  const [a, b, c] = records();
  assert.deepEqual([a.token, a.DISCORD_TOKEN, a.password], ['[redacted]', '[redacted]', '[redacted]']);
  assert.deepEqual(b.config, { discordToken: '[redacted]' });
  assert.deepEqual(b.headers, { authorization: '[redacted]' });
  assert.deepEqual(c.request, { headers: { Authorization: '[redacted]' } });
  for (const secret of ['short-but-secret', 'pw-123', 'not-token-shaped', 'Bot abc', 'Bot def']) {
    assert.ok(!lines.join('').includes(secret), `${secret} leaked`);
  }
});

test('a token-shaped string is redacted anywhere: message, deep field, error message and stack, child bindings', () => {
  const { logger, lines, records } = capture();
  logger.info(`logging in with ${TOKEN} now`);
  logger.info({ deep: { deeper: { list: ['ok', `Bot ${TOKEN}`] } } }, 'nested');
  logger.error({ err: new Error(`401 Unauthorized for token ${TOKEN}`) }, 'login failed');
  logger.child({ session: TOKEN }).warn('child');
  const output = lines.join('');
  assert.ok(!output.includes(TOKEN), 'the token leaked');
  assert.ok(!output.includes(TOKEN.split('.')[2]), 'a token part leaked');
  const [message, nested, failure, child] = records();
  assert.equal(message.msg, 'logging in with [redacted] now');
  assert.deepEqual(nested.deep, { deeper: { list: ['ok', 'Bot [redacted]'] } });
  const err = failure.err as { message: string; stack: string; type: string };
  assert.equal(err.type, 'Error');
  assert.equal(err.message, '401 Unauthorized for token [redacted]');
  assert.match(err.stack, /^Error: 401 Unauthorized for token \[redacted\]\n {4}at /);
  assert.equal(child.session, '[redacted]');
});

test('exact secrets given at creation are hidden even when not token-shaped', () => {
  const { logger, lines } = capture('info', ['pg-pass-"quoted"', 'fake-dev-token-123']);
  logger.info({ url: 'postgres://bot:pg-pass-"quoted"@db/tts' }, 'connecting with fake-dev-token-123');
  assert.ok(!lines[0].includes('pg-pass'), lines[0]);
  assert.ok(!lines[0].includes('fake-dev-token-123'), lines[0]);
  assert.doesNotThrow(() => JSON.parse(lines[0]), 'the line must stay valid JSON');
});

test('an unknown level is a clear error', () => {
  assert.throws(() => createLogger({ level: 'verbose' }), /Unknown log level "verbose"; use one of fatal, error/);
  assert.equal(createLogger({ level: 'WARN', destination: { write: () => undefined } }).level, 'warn');
});

test('logFunction adapts to the engine callback shape', () => {
  const { logger, records } = capture();
  logFunction(logger)('warn', 'CUDA unavailable', { provider: 'cuda' });
  assert.deepEqual([records()[0].level, records()[0].msg, records()[0].provider], ['warn', 'CUDA unavailable', 'cuda']);
});

test('redactSecrets leaves ordinary text alone', () => {
  const ordinary = 'version 1.2.3 at example.com/a.b.c, id 123456789012345678, file settings.sqlite';
  assert.equal(redactSecrets(ordinary), ordinary);
  assert.equal(looksLikeDiscordToken(ordinary), false);
  assert.equal(looksLikeDiscordToken(TOKEN), true);
  assert.equal(redactSecrets('x', ['x']), 'x', 'secrets too short to be real are not applied');
});
