import { redactDatabaseUrl } from './postgres-driver.ts';
import { openPostgresSettingsStore } from './postgres-settings-store.ts';
import type { SettingsStore } from './settings-store.ts';
import { StorageError } from './sql-driver.ts';
import { openSqliteSettingsStore } from './sqlite-settings-store.ts';

export type DatabaseTarget = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/**
 * `sqlite:data/settings.sqlite`, `sqlite:///abs/path.sqlite`, `sqlite::memory:` or a plain path -> SQLite;
 * `postgres://...` / `postgresql://...` -> PostgreSQL. Throws StorageError for anything else.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  const value = typeof databaseUrl === 'string' ? databaseUrl.trim() : '';
  if (value === '') throw new StorageError('DATABASE_URL is empty; use e.g. sqlite:data/settings.sqlite or postgres://...');
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  const sqlite = /^sqlite:(.*)$/i.exec(value);
  if (sqlite) {
    // sqlite:///abs -> /abs (URL style); sqlite:relative and sqlite:/abs are taken as written.
    const path = sqlite[1].startsWith('//') ? sqlite[1].slice(2) : sqlite[1];
    if (path === '') throw new StorageError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:data/settings.sqlite');
    return { kind: 'sqlite', path };
  }
  // Anything else with a scheme (mysql://, http://) is a mistake, not a file name.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) {
    throw new StorageError(
      `DATABASE_URL scheme "${scheme[1]}" is not supported (${redactDatabaseUrl(value)}); use sqlite:<path> or postgres://...`,
    );
  }
  return { kind: 'sqlite', path: value };
}

export async function openSettingsStore(databaseUrl: string): Promise<SettingsStore> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'postgres' ? openPostgresSettingsStore(target.url) : openSqliteSettingsStore(target.path);
}
