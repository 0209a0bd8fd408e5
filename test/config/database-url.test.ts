import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseUrlError, parseDatabaseUrl, redactDatabaseUrl } from '../../src/config/database-url.ts';

test('database URLs pick the right store', () => {
  const cases: [string, ReturnType<typeof parseDatabaseUrl>][] = [
    ['sqlite:data/settings.sqlite', { kind: 'sqlite', path: 'data/settings.sqlite' }],
    ['sqlite:///var/lib/bot/settings.sqlite', { kind: 'sqlite', path: '/var/lib/bot/settings.sqlite' }],
    ['sqlite:/abs.sqlite', { kind: 'sqlite', path: '/abs.sqlite' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['data/settings.sqlite', { kind: 'sqlite', path: 'data/settings.sqlite' }],
    ['  /tmp/x.db ', { kind: 'sqlite', path: '/tmp/x.db' }],
    ['postgres://bot:pw@db:5432/tts', { kind: 'postgres', url: 'postgres://bot:pw@db:5432/tts' }],
    ['postgresql://db/tts', { kind: 'postgres', url: 'postgresql://db/tts' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseDatabaseUrl(input), expected, input);
});

test('unusable database URLs are refused without showing a password', () => {
  assert.throws(() => parseDatabaseUrl(''), /DATABASE_URL is empty/);
  assert.throws(() => parseDatabaseUrl('sqlite:'), /needs a file path/);
  assert.throws(() => parseDatabaseUrl('mysql://root:topsecret@db/tts'), (error: unknown) => {
    assert.ok(error instanceof DatabaseUrlError);
    assert.match(error.message, /scheme "mysql" is not supported/);
    assert.doesNotMatch(error.message, /topsecret/);
    return true;
  });
  assert.equal(redactDatabaseUrl('postgres://bot:s3cret@db:5432/tts'), 'postgres://bot:***@db:5432/tts');
  assert.equal(redactDatabaseUrl('postgres://db/tts'), 'postgres://db/tts');
});
