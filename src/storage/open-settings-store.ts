import { parseDatabaseUrl } from '../config/database-url.ts';
import { openPostgresSettingsStore } from './postgres-settings-store.ts';
import type { SettingsStore } from './settings-store.ts';
import { openSqliteSettingsStore } from './sqlite-settings-store.ts';

export async function openSettingsStore(databaseUrl: string): Promise<SettingsStore> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'postgres' ? openPostgresSettingsStore(target.url) : openSqliteSettingsStore(target.path);
}
