import pg from 'pg';
import { runMigrations } from './migrations.ts';
import { redactDatabaseUrl } from '../config/database-url.ts';
import { PostgresDriver } from './postgres-driver.ts';
import type { SettingsStore } from './settings-store.ts';
import { SqlSettingsStore } from './sql-settings-store.ts';
import { StorageError } from './sql-driver.ts';

export interface PostgresStoreOptions {
  /** Most connections the pool opens; each shard process has its own pool. */
  readonly maxConnections?: number;
  /** Errors of idle pooled connections (server restart, network drop); the pool replaces them by itself. */
  readonly onBackgroundError?: (error: Error) => void;
  /** How long to wait for a connection before failing, in ms. */
  readonly connectTimeoutMs?: number;
}

/**
 * Connects to PostgreSQL, checks the connection works, and brings the schema up to date. Several bot processes
 * (shards) may share one database; migrations take an advisory lock.
 */
export async function openPostgresSettingsStore(url: string, options: PostgresStoreOptions = {}): Promise<SettingsStore> {
  const shown = redactDatabaseUrl(String(url));
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//i.test(url)) {
    throw new StorageError(`A PostgreSQL DATABASE_URL must start with postgres:// (got ${shown})`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // Without a listener an idle connection's error would crash the process.
  pool.on('error', (error) => options.onBackgroundError?.(error));
  const driver = new PostgresDriver(pool);
  try {
    await driver.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(`Cannot connect to the PostgreSQL settings database at ${shown}: ${reason}`, { cause: error });
  }
  try {
    await runMigrations(driver);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StorageError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(`Cannot prepare the PostgreSQL settings database at ${shown}: ${reason}`, { cause: error });
  }
  return new SqlSettingsStore(driver);
}
