import type { SqlDialect, SqlDriver, SqlExecutor } from './sql-driver.ts';
import { StorageError } from './sql-driver.ts';

/**
 * One schema change. Versions only ever grow; a released migration is never edited, a new one is appended.
 * Statements run one by one inside a single transaction together with the schema_version row, so a migration is
 * applied completely or not at all.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(dialect: SqlDialect): readonly string[];
}

// Portable types only (TEXT, INTEGER, DOUBLE PRECISION) so both dialects share the statements. Booleans are 0/1,
// id lists are JSON text. NULL in a setting column means "never set: use the current default".
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'guild settings, user settings, dictionary',
    up: () => [
      `CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        voice TEXT,
        speed DOUBLE PRECISION,
        autoread_channel_id TEXT,
        auto_join INTEGER,
        announce_names INTEGER,
        max_length INTEGER,
        repeated_character_limit INTEGER,
        ignore_bots INTEGER,
        require_voice_channel INTEGER,
        required_role_id TEXT,
        ignored_user_ids TEXT,
        ignored_role_ids TEXT,
        skip_prefix TEXT,
        read_voice_channel_chat INTEGER,
        read_emoji INTEGER,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX guild_settings_autoread ON guild_settings (autoread_channel_id)
        WHERE autoread_channel_id IS NOT NULL`,
      `CREATE TABLE user_settings (
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        voice TEXT,
        speed DOUBLE PRECISION,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id)
      )`,
      `CREATE TABLE dictionary_entries (
        guild_id TEXT NOT NULL,
        pattern_key TEXT NOT NULL,
        pattern TEXT NOT NULL,
        replacement TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, pattern_key)
      )`,
    ],
  },
  {
    version: 2,
    name: 'voices for other languages',
    up: () => [
      'ALTER TABLE guild_settings ADD COLUMN language_fallback INTEGER',
      // JSON object: language code -> voice id.
      'ALTER TABLE guild_settings ADD COLUMN language_voices TEXT',
    ],
  },
  {
    version: 3,
    name: 'simpler voice when the generator is busy',
    up: () => ['ALTER TABLE guild_settings ADD COLUMN busy_fallback INTEGER'],
  },
  {
    version: 4,
    name: 'variation of sampling voices',
    up: () => [
      'ALTER TABLE guild_settings ADD COLUMN variation DOUBLE PRECISION',
      'ALTER TABLE user_settings ADD COLUMN variation DOUBLE PRECISION',
    ],
  },
  {
    version: 5,
    name: 'AI-speech watermark switch',
    up: () => ['ALTER TABLE guild_settings ADD COLUMN watermark INTEGER'],
  },
  {
    version: 6,
    name: 'speaker markup in auto-read, per member',
    up: () => ['ALTER TABLE user_settings ADD COLUMN autoread_speakers INTEGER'],
  },
];

// Any constant works; it only has to be the same for every process migrating the same PostgreSQL database.
const POSTGRES_MIGRATION_LOCK = 7_283_641;

async function lockAndEnsureVersionTable(tx: SqlExecutor, dialect: SqlDialect): Promise<Set<number>> {
  // SQLite transactions here are BEGIN IMMEDIATE, which already excludes other writers.
  if (dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(${POSTGRES_MIGRATION_LOCK})`);
  await tx.query(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const rows = await tx.query('SELECT version FROM schema_version');
  return new Set(rows.map((row) => Number(row.version)));
}

function checkOrder(migrations: readonly Migration[]): void {
  for (let i = 0; i < migrations.length; i++) {
    const { version } = migrations[i];
    if (!Number.isInteger(version) || version < 1 || (i > 0 && version <= migrations[i - 1].version)) {
      throw new Error(`Migrations must have whole, strictly increasing versions from 1 (bad version ${version} at ${i})`);
    }
  }
}

/**
 * Brings the database up to the newest migration. Safe to run from several processes at once (PostgreSQL takes an
 * advisory lock; SQLite a write lock). Returns the versions applied by this call, oldest first.
 */
export async function runMigrations(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkOrder(migrations);
  const known = migrations.at(-1)?.version ?? 0;
  const applied = await driver.transaction((tx) => lockAndEnsureVersionTable(tx, driver.dialect));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new StorageError(
      `The settings database has schema version ${newest}, newer than this bot knows (${known}). Update the bot or use another DATABASE_URL.`,
    );
  }
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const ran = await driver.transaction(async (tx) => {
      // Re-read under the lock: another process may have applied it since the first look.
      if ((await lockAndEnsureVersionTable(tx, driver.dialect)).has(migration.version)) return false;
      for (const statement of migration.up(driver.dialect)) await tx.query(statement);
      await tx.query('INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (ran) done.push(migration.version);
  }
  return done;
}

export async function currentSchemaVersion(db: SqlExecutor): Promise<number> {
  const rows = await db.query('SELECT MAX(version) AS version FROM schema_version');
  return Number(rows[0]?.version ?? 0);
}
