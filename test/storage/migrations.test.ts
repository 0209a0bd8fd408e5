import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Migration } from '../../src/storage/migrations.ts';
import { MIGRATIONS, currentSchemaVersion, runMigrations } from '../../src/storage/migrations.ts';
import { StorageError } from '../../src/storage/sql-driver.ts';
import { toSqlitePlaceholders } from '../../src/storage/sqlite-driver.ts';
import { SqliteWorkerDriver } from '../../src/storage/sqlite-worker-driver.ts';
import { openSqliteSettingsStore } from '../../src/storage/sqlite-settings-store.ts';
import { DEFAULT_GUILD_SETTINGS } from '../../src/storage/guild-defaults.ts';

const notes = (version: number, statements: string[]): Migration => ({ version, name: `v${version}`, up: () => statements });

async function tables(driver: SqliteWorkerDriver): Promise<string[]> {
  const rows = await driver.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  return rows.map((row) => String(row.name));
}

test('migrations apply in order, once each, across reopenings', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
  const path = join(dir, 'db.sqlite');
  try {
    const v1 = notes(1, ['CREATE TABLE a (x INTEGER)', 'INSERT INTO a VALUES (1)']);
    const v2 = notes(2, ['ALTER TABLE a ADD COLUMN y TEXT']);
    const v3 = notes(3, ['CREATE TABLE b (z TEXT)']);

    let driver = await SqliteWorkerDriver.open(path);
    assert.deepEqual(await runMigrations(driver, [v1, v2]), [1, 2]);
    assert.deepEqual(await runMigrations(driver, [v1, v2]), [], 'nothing runs twice');
    await driver.close();

    driver = await SqliteWorkerDriver.open(path);
    assert.deepEqual(await runMigrations(driver, [v1, v2, v3]), [3], 'after a restart only the new one runs');
    assert.equal(await currentSchemaVersion(driver), 3);
    assert.deepEqual((await driver.query('SELECT x, y FROM a')).map((row) => ({ ...row })), [{ x: 1, y: null }]);
    assert.deepEqual(await tables(driver), ['a', 'b', 'schema_version']);
    await driver.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a failing migration leaves no trace and stops later ones', async () => {
  const driver = await SqliteWorkerDriver.open(':memory:');
  const broken = notes(2, ['CREATE TABLE half (x INTEGER)', 'THIS IS NOT SQL']);
  await assert.rejects(runMigrations(driver, [notes(1, ['CREATE TABLE ok (x INTEGER)']), broken, notes(3, ['CREATE TABLE c (x INTEGER)'])]));
  assert.deepEqual(await tables(driver), ['ok', 'schema_version']);
  assert.equal(await currentSchemaVersion(driver), 1);
  // Fixed in the next release: it now applies.
  assert.deepEqual(await runMigrations(driver, [notes(1, []), notes(2, ['CREATE TABLE half (x INTEGER)'])]), [2]);
  await driver.close();
});

test('a database newer than the code is refused clearly', async () => {
  const driver = await SqliteWorkerDriver.open(':memory:');
  await runMigrations(driver, [notes(1, []), notes(2, [])]);
  await assert.rejects(runMigrations(driver, [notes(1, [])]), (error: unknown) => {
    assert.ok(error instanceof StorageError);
    assert.match(error.message, /schema version 2, newer than this bot knows \(1\)/);
    return true;
  });
  await driver.close();
});

test('migration lists must have strictly increasing versions', async () => {
  const driver = await SqliteWorkerDriver.open(':memory:');
  await assert.rejects(runMigrations(driver, [notes(2, []), notes(1, [])]), /strictly increasing/);
  await assert.rejects(runMigrations(driver, [notes(1, []), notes(1, [])]), /strictly increasing/);
  await assert.rejects(runMigrations(driver, [notes(0, [])]), /strictly increasing/);
  await driver.close();
});

test('the shipped migrations are ordered and create the store tables', async () => {
  const driver = await SqliteWorkerDriver.open(':memory:');
  assert.deepEqual(await runMigrations(driver), MIGRATIONS.map((m) => m.version));
  assert.deepEqual(await tables(driver), ['dictionary_entries', 'guild_settings', 'schema_version', 'user_settings']);
  await driver.close();
});

test('PostgreSQL placeholders become SQLite numbered parameters', () => {
  assert.equal(toSqlitePlaceholders('SELECT * FROM t WHERE a = $1 AND b = $12 OR c = $1'), 'SELECT * FROM t WHERE a = ?1 AND b = ?12 OR c = ?1');
});

test('a settings database from before variation, the watermark switch and speaker markup in auto-read (schema 3) upgrades in place: rows kept, the new settings at their defaults', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrations-upgrade-'));
  const path = join(dir, 'db.sqlite');
  try {
    const driver = await SqliteWorkerDriver.open(path);
    await runMigrations(driver, MIGRATIONS.filter((m) => m.version <= 3));
    await driver.query("INSERT INTO guild_settings (guild_id, speed, updated_at) VALUES ('1', 1.5, 'then')");
    await driver.query("INSERT INTO user_settings (guild_id, user_id, voice, updated_at) VALUES ('1', '2', 'espeak:de', 'then')");
    await driver.close();

    const store = await openSqliteSettingsStore(path);
    try {
      const guild = await store.getGuild('1');
      assert.deepEqual([guild.speed, guild.variation, guild.watermark], [1.5, DEFAULT_GUILD_SETTINGS.variation, true]);
      assert.deepEqual(await store.getUser('1', '2'), { guildId: '1', userId: '2', voice: 'espeak:de', speed: null, variation: null, autoreadSpeakers: false });
      assert.equal((await store.updateUser('1', '2', { variation: 0 })).variation, 0);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
