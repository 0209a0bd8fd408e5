import { DatabaseSync } from 'node:sqlite';
import { StorageError } from './sql-driver.ts';

/** `$3` -> `?3`: SQLite's numbered parameters bind by the same positions as PostgreSQL's. */
export function toSqlitePlaceholders(sql: string): string {
  return sql.replace(/\$(\d+)/g, '?$1');
}

/** Opens the database file with the settings every connection needs; runs in the database's own thread (sqlite-worker.ts). */
export function openSqliteDatabase(path: string): DatabaseSync {
  try {
    const db = new DatabaseSync(path);
    // WAL lets readers (another process, a backup) work while the bot writes; busy_timeout waits out short locks.
    db.exec('PRAGMA busy_timeout = 5000');
    if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(`Cannot open the SQLite settings database at ${path}: ${reason}`, { cause: error });
  }
}
