import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { runMigrations } from './migrations.ts';
import type { SettingsStore } from './settings-store.ts';
import { SqlSettingsStore } from './sql-settings-store.ts';
import { StorageError } from './sql-driver.ts';
import { SqliteWorkerDriver } from './sqlite-worker-driver.ts';

/**
 * Opens (creating when needed, parent folder included) a SQLite settings database and brings its schema up to date.
 * `':memory:'` gives a throw-away database for tests.
 */
export async function openSqliteSettingsStore(path: string): Promise<SettingsStore> {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new StorageError('The SQLite settings database needs a file path (or ":memory:")');
  }
  if (path !== ':memory:') {
    try {
      await mkdir(dirname(resolve(path)), { recursive: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StorageError(`Cannot create the folder for the settings database ${path}: ${reason}`, { cause: error });
    }
  }
  // The database lives on a thread of its own: no statement or commit runs on the thread that paces the audio.
  const driver = await SqliteWorkerDriver.open(path);
  try {
    await runMigrations(driver);
  } catch (error) {
    await driver.close();
    if (error instanceof StorageError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(`Cannot prepare the SQLite settings database at ${path}: ${reason}`, { cause: error });
  }
  return new SqlSettingsStore(driver);
}
