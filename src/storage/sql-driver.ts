/**
 * The little SQL surface the settings store needs, so one store implementation serves SQLite and PostgreSQL.
 * Queries use PostgreSQL-style `$1` placeholders; the SQLite driver rewrites them to SQLite's numbered `?1`.
 */
export type SqlDialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;
export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlExecutor {
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: SqlDialect;
  /** Runs `work` in one transaction that holds the write lock; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The settings database could not be opened or used. The message never holds a password. */
export class StorageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StorageError';
  }
}
