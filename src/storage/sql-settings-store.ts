import { DICTIONARY } from '../limits/speech-limits.ts';
import { DEFAULT_GUILD_SETTINGS, DEFAULT_USER_SETTINGS } from './guild-defaults.ts';
import type { DictionaryEntry, DictionaryImportResult, GuildSettings, SettingsStore, UserSettings } from './settings-store.ts';
import type { SqlDriver, SqlRow, SqlValue } from './sql-driver.ts';
import { StorageError } from './sql-driver.ts';
import type { GuildPatch, UserPatch } from './settings-validation.ts';
import {
  SettingsValidationError,
  assertId,
  dictionaryKey,
  validateDictionaryEntry,
  validateGuildPatch,
  validateUserPatch,
} from './settings-validation.ts';

type ColumnKind = 'text' | 'number' | 'boolean' | 'json';
type Columns<K extends string> = { readonly [Key in K]-?: readonly [column: string, kind: ColumnKind] };

const GUILD_COLUMNS: Columns<keyof GuildPatch> = {
  voice: ['voice', 'text'],
  speed: ['speed', 'number'],
  autoreadChannelId: ['autoread_channel_id', 'text'],
  autoJoin: ['auto_join', 'boolean'],
  announceNames: ['announce_names', 'boolean'],
  maxLength: ['max_length', 'number'],
  repeatedCharacterLimit: ['repeated_character_limit', 'number'],
  ignoreBots: ['ignore_bots', 'boolean'],
  requireVoiceChannel: ['require_voice_channel', 'boolean'],
  requiredRoleId: ['required_role_id', 'text'],
  ignoredUserIds: ['ignored_user_ids', 'json'],
  ignoredRoleIds: ['ignored_role_ids', 'json'],
  skipPrefix: ['skip_prefix', 'text'],
  readVoiceChannelChat: ['read_voice_channel_chat', 'boolean'],
  readEmoji: ['read_emoji', 'boolean'],
  languageFallback: ['language_fallback', 'boolean'],
  languageVoices: ['language_voices', 'json'],
  busyFallback: ['busy_fallback', 'boolean'],
  variation: ['variation', 'number'],
  watermark: ['watermark', 'boolean'],
};

const USER_COLUMNS: Columns<keyof UserPatch> = {
  voice: ['voice', 'text'],
  speed: ['speed', 'number'],
  variation: ['variation', 'number'],
  autoreadSpeakers: ['autoread_speakers', 'boolean'],
};

function toSql(value: unknown, kind: ColumnKind): SqlValue {
  if (value === null) return null;
  switch (kind) {
    case 'boolean':
      return value ? 1 : 0;
    case 'json':
      return JSON.stringify(value);
    default:
      return value as string | number;
  }
}

function fromSql(value: unknown, kind: ColumnKind): unknown {
  switch (kind) {
    case 'boolean':
      return Number(value) !== 0;
    case 'number':
      return Number(value);
    case 'json':
      return JSON.parse(String(value)) as unknown;
    default:
      return String(value);
  }
}

/** Values NULL in the row (never set) fall back to `defaults`, so a default changed in code reaches old rows. */
function rowToSettings<T>(row: SqlRow | undefined, columns: Readonly<Record<string, readonly [string, ColumnKind]>>, defaults: object): T {
  const result: Record<string, unknown> = { ...defaults };
  if (row) {
    for (const [key, [column, kind]] of Object.entries(columns)) {
      const value = row[column];
      if (value !== null && value !== undefined) result[key] = fromSql(value, kind);
    }
  }
  return result as T;
}

/**
 * Builds an upsert that writes only the patched columns: concurrent patches of different settings (two shards, two
 * admins) both survive, with no read-modify-write race.
 */
function upsert(
  table: string,
  keys: Readonly<Record<string, SqlValue>>,
  patch: object,
  columns: Readonly<Record<string, readonly [string, ColumnKind]>>,
): { sql: string; params: SqlValue[] } {
  const names = [...Object.keys(keys)];
  const params: SqlValue[] = [...Object.values(keys)];
  const updated: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const [column, kind] = columns[key];
    names.push(column);
    params.push(toSql(value, kind));
    updated.push(column);
  }
  names.push('updated_at');
  params.push(new Date().toISOString());
  updated.push('updated_at');
  const placeholders = params.map((_, i) => `$${i + 1}`).join(', ');
  const sql =
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${placeholders}) ` +
    `ON CONFLICT (${Object.keys(keys).join(', ')}) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(', ')} ` +
    'RETURNING *';
  return { sql, params };
}

/** Rows per multi-row INSERT: 5 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_INSERT = 100;

/** The SettingsStore both databases share; only the driver differs. */
export class SqlSettingsStore implements SettingsStore {
  readonly #driver: SqlDriver;
  #closed = false;

  constructor(driver: SqlDriver) {
    this.#driver = driver;
  }

  get dialect(): SqlDriver['dialect'] {
    return this.#driver.dialect;
  }

  async getGuild(guildId: string): Promise<GuildSettings> {
    assertId('guildId', guildId);
    const rows = await this.#run((db) => db.query('SELECT * FROM guild_settings WHERE guild_id = $1', [guildId]));
    return { ...rowToSettings<GuildSettings>(rows[0], GUILD_COLUMNS, DEFAULT_GUILD_SETTINGS), guildId };
  }

  async updateGuild(guildId: string, patch: GuildPatch): Promise<GuildSettings> {
    assertId('guildId', guildId);
    const clean = validateGuildPatch(patch);
    if (Object.keys(clean).length === 0) return this.getGuild(guildId);
    const { sql, params } = upsert('guild_settings', { guild_id: guildId }, clean, GUILD_COLUMNS);
    const rows = await this.#run((db) => db.query(sql, params));
    return { ...rowToSettings<GuildSettings>(rows[0], GUILD_COLUMNS, DEFAULT_GUILD_SETTINGS), guildId };
  }

  async getUser(guildId: string, userId: string): Promise<UserSettings> {
    assertId('guildId', guildId);
    assertId('userId', userId);
    const rows = await this.#run((db) =>
      db.query('SELECT * FROM user_settings WHERE guild_id = $1 AND user_id = $2', [guildId, userId]),
    );
    return { ...rowToSettings<UserSettings>(rows[0], USER_COLUMNS, DEFAULT_USER_SETTINGS), guildId, userId };
  }

  async updateUser(guildId: string, userId: string, patch: UserPatch): Promise<UserSettings> {
    assertId('guildId', guildId);
    assertId('userId', userId);
    const clean = validateUserPatch(patch);
    if (Object.keys(clean).length === 0) return this.getUser(guildId, userId);
    const { sql, params } = upsert('user_settings', { guild_id: guildId, user_id: userId }, clean, USER_COLUMNS);
    const rows = await this.#run((db) => db.query(sql, params));
    return { ...rowToSettings<UserSettings>(rows[0], USER_COLUMNS, DEFAULT_USER_SETTINGS), guildId, userId };
  }

  async listDictionary(guildId: string): Promise<DictionaryEntry[]> {
    assertId('guildId', guildId);
    const rows = await this.#run((db) =>
      db.query('SELECT pattern, replacement FROM dictionary_entries WHERE guild_id = $1 ORDER BY pattern_key', [guildId]),
    );
    return rows.map((row) => ({ pattern: String(row.pattern), replacement: String(row.replacement) }));
  }

  async putDictionaryEntry(guildId: string, entry: DictionaryEntry): Promise<void> {
    assertId('guildId', guildId);
    const clean = validateDictionaryEntry(entry);
    const key = dictionaryKey(clean.pattern);
    await this.#run((db) =>
      db.transaction(async (tx) => {
        const rows = await tx.query(
          'SELECT CAST(COUNT(*) AS INTEGER) AS total, CAST(SUM(CASE WHEN pattern_key = $2 THEN 1 ELSE 0 END) AS INTEGER) AS same ' +
            'FROM dictionary_entries WHERE guild_id = $1',
          [guildId, key],
        );
        if (Number(rows[0]?.same ?? 0) === 0 && Number(rows[0]?.total ?? 0) >= DICTIONARY.maxEntries) {
          throw new SettingsValidationError([
            `This server's dictionary is full (${DICTIONARY.maxEntries} entries); remove one before adding another`,
          ]);
        }
        await tx.query(
          'INSERT INTO dictionary_entries (guild_id, pattern_key, pattern, replacement, updated_at) VALUES ($1, $2, $3, $4, $5) ' +
            'ON CONFLICT (guild_id, pattern_key) DO UPDATE SET pattern = excluded.pattern, replacement = excluded.replacement, ' +
            'updated_at = excluded.updated_at',
          [guildId, key, clean.pattern, clean.replacement, new Date().toISOString()],
        );
      }),
    );
  }

  async putDictionaryEntries(guildId: string, entries: readonly DictionaryEntry[]): Promise<DictionaryImportResult> {
    assertId('guildId', guildId);
    const byKey = new Map<string, DictionaryEntry>();
    const issues: string[] = [];
    for (const [index, entry] of entries.entries()) {
      try {
        const clean = validateDictionaryEntry(entry);
        const key = dictionaryKey(clean.pattern);
        byKey.delete(key);
        byKey.set(key, clean);
      } catch (error) {
        if (!(error instanceof SettingsValidationError)) throw error;
        issues.push(`entry ${index + 1}: ${error.message}`);
        if (issues.length === 3) break;
      }
    }
    if (issues.length > 0) throw new SettingsValidationError(issues);
    if (byKey.size === 0) return { added: 0, updated: 0, refusedFull: 0 };
    return this.#run((db) =>
      db.transaction(async (tx) => {
        const rows = await tx.query('SELECT pattern_key FROM dictionary_entries WHERE guild_id = $1', [guildId]);
        const existing = new Set(rows.map((row) => String(row.pattern_key)));
        const stored: [string, DictionaryEntry][] = [];
        let added = 0;
        let updated = 0;
        let refusedFull = 0;
        for (const [key, entry] of byKey) {
          if (existing.has(key)) updated++;
          else if (existing.size + added < DICTIONARY.maxEntries) added++;
          else {
            refusedFull++;
            continue;
          }
          stored.push([key, entry]);
        }
        const now = new Date().toISOString();
        for (let start = 0; start < stored.length; start += ROWS_PER_INSERT) {
          const batch = stored.slice(start, start + ROWS_PER_INSERT);
          const values = batch.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(', ');
          await tx.query(
            `INSERT INTO dictionary_entries (guild_id, pattern_key, pattern, replacement, updated_at) VALUES ${values} ` +
              'ON CONFLICT (guild_id, pattern_key) DO UPDATE SET pattern = excluded.pattern, replacement = excluded.replacement, ' +
              'updated_at = excluded.updated_at',
            batch.flatMap(([key, entry]) => [guildId, key, entry.pattern, entry.replacement, now]),
          );
        }
        return { added, updated, refusedFull };
      }),
    );
  }

  async removeDictionaryEntry(guildId: string, pattern: string): Promise<boolean> {
    assertId('guildId', guildId);
    if (typeof pattern !== 'string') return false;
    const rows = await this.#run((db) =>
      db.query('DELETE FROM dictionary_entries WHERE guild_id = $1 AND pattern_key = $2 RETURNING pattern', [
        guildId,
        dictionaryKey(pattern),
      ]),
    );
    return rows.length > 0;
  }

  async listAutoreadGuilds(): Promise<GuildSettings[]> {
    const rows = await this.#run((db) =>
      db.query('SELECT * FROM guild_settings WHERE autoread_channel_id IS NOT NULL ORDER BY guild_id'),
    );
    return rows.map((row) => ({
      ...rowToSettings<GuildSettings>(row, GUILD_COLUMNS, DEFAULT_GUILD_SETTINGS),
      guildId: String(row.guild_id),
    }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }

  async #run<T>(work: (db: SqlDriver) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StorageError('The settings store is closed');
    try {
      return await work(this.#driver);
    } catch (error) {
      if (error instanceof SettingsValidationError || error instanceof StorageError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new StorageError(`Settings database error: ${reason}`, { cause: error });
    }
  }
}
