import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from '../../src/storage/migrations.ts';
import { openSqliteSettingsStore } from '../../src/storage/sqlite-settings-store.ts';
import { StorageError } from '../../src/storage/sql-driver.ts';
import { settingsStoreContract } from './settings-store-contract.ts';

const root = await mkdtemp(join(tmpdir(), 'sqlite-settings-'));
after(() => rm(root, { recursive: true, force: true }));
let counter = 0;

settingsStoreContract('SQLite', async () => {
  // A nested folder that does not exist yet: opening must create it.
  const path = join(root, `db-${++counter}`, 'nested', 'settings.sqlite');
  return { open: () => openSqliteSettingsStore(path) };
});

test('the database file uses WAL and records the schema version once', async () => {
  const path = join(root, 'wal', 'settings.sqlite');
  for (let i = 0; i < 2; i++) await (await openSqliteSettingsStore(path)).close();
  assert.ok(existsSync(path));
  const db = new DatabaseSync(path);
  try {
    assert.deepEqual({ ...db.prepare('PRAGMA journal_mode').get() }, { journal_mode: 'wal' });
    const versions = db.prepare('SELECT version FROM schema_version').all().map((row) => row.version);
    assert.deepEqual(versions, MIGRATIONS.map((m) => m.version));
  } finally {
    db.close();
  }
});

test(':memory: gives a working, throw-away store', async () => {
  const store = await openSqliteSettingsStore(':memory:');
  await store.updateGuild('1', { speed: 2 });
  assert.equal((await store.getGuild('1')).speed, 2);
  await store.close();
  const again = await openSqliteSettingsStore(':memory:');
  assert.equal((await again.getGuild('1')).speed, 1);
  await again.close();
});

test('a path that cannot be a database gives a StorageError naming it', async () => {
  // A folder where the file should be.
  await assert.rejects(openSqliteSettingsStore(root), (error: unknown) => {
    assert.ok(error instanceof StorageError);
    assert.ok(error.message.includes(root), error.message);
    return true;
  });
  await assert.rejects(openSqliteSettingsStore(''), StorageError);
});
