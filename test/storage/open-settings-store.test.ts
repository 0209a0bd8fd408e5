import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSettingsStore, parseDatabaseUrl } from '../../src/storage/open-settings-store.ts';
import { redactDatabaseUrl } from '../../src/storage/postgres-driver.ts';
import { StorageError } from '../../src/storage/sql-driver.ts';

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
    assert.ok(error instanceof StorageError);
    assert.match(error.message, /scheme "mysql" is not supported/);
    assert.doesNotMatch(error.message, /topsecret/);
    return true;
  });
  assert.equal(redactDatabaseUrl('postgres://bot:s3cret@db:5432/tts'), 'postgres://bot:***@db:5432/tts');
  assert.equal(redactDatabaseUrl('postgres://db/tts'), 'postgres://db/tts');
});

test('openSettingsStore opens a SQLite file from a sqlite: URL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'open-store-'));
  try {
    const path = join(dir, 'new-folder', 'settings.sqlite');
    const store = await openSettingsStore(`sqlite:${path}`);
    await store.updateGuild('1', { readEmoji: false });
    await store.close();
    assert.ok(existsSync(path));
    const again = await openSettingsStore(path);
    assert.equal((await again.getGuild('1')).readEmoji, false);
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
