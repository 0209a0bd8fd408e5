import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver.ts';
import { StorageError } from './sql-driver.ts';

/** `$3` -> `?3`: SQLite's numbered parameters bind by the same positions as PostgreSQL's. */
export function toSqlitePlaceholders(sql: string): string {
  return sql.replace(/\$(\d+)/g, '?$1');
}

/**
 * node:sqlite is synchronous, but transactions here span awaits; a promise chain serialises every operation so no
 * query from elsewhere lands inside someone else's open transaction.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #tail: Promise<unknown> = Promise.resolve();
  readonly #direct: SqlExecutor = { query: async (sql, params) => this.#execute(sql, params) };

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.#serialise(async () => this.#execute(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#serialise(async () => {
      // IMMEDIATE takes the write lock up front, so two processes sharing the file cannot deadlock on upgrade.
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.#direct);
        this.#db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.#serialise(async () => {
      this.#statements.clear();
      if (this.#db.isOpen) this.#db.close();
    });
  }

  #execute(sql: string, params: readonly SqlValue[] = []): SqlRow[] {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(toSqlitePlaceholders(sql));
      this.#statements.set(sql, statement);
    }
    return statement.all(...params) as SqlRow[];
  }

  #serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

export function openSqliteDatabase(path: string): DatabaseSync {
  try {
    const db = new DatabaseSync(path);
    // WAL lets readers (another process, a backup) work while the bot writes; busy_timeout waits out short locks.
    db.exec('PRAGMA busy_timeout = 5000');
    if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    // In WAL mode NORMAL syncs at checkpoints instead of at every commit: still crash-safe (a power cut may lose the
    // last commits, never corrupt the file), and no fsync on the main thread for each settings change.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(`Cannot open the SQLite settings database at ${path}: ${reason}`, { cause: error });
  }
}
