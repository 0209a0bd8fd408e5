/** Where DATABASE_URL points: a SQLite file or a PostgreSQL server. */
export type DatabaseTarget = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/** DATABASE_URL cannot be used; the message is fit to show the operator and never holds the password. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/**
 * `sqlite:data/settings.sqlite`, `sqlite:///abs/path.sqlite`, `sqlite::memory:` or a plain path -> SQLite;
 * `postgres://...` / `postgresql://...` -> PostgreSQL. Throws DatabaseUrlError for anything else.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  const value = typeof databaseUrl === 'string' ? databaseUrl.trim() : '';
  if (value === '') throw new DatabaseUrlError('DATABASE_URL is empty; use e.g. sqlite:data/settings.sqlite or postgres://...');
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  const sqlite = /^sqlite:(.*)$/i.exec(value);
  if (sqlite) {
    // sqlite:///abs -> /abs (URL style); sqlite:relative and sqlite:/abs are taken as written.
    const path = sqlite[1].startsWith('//') ? sqlite[1].slice(2) : sqlite[1];
    if (path === '') throw new DatabaseUrlError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:data/settings.sqlite');
    return { kind: 'sqlite', path };
  }
  // Anything else with a scheme (mysql://, http://) is a mistake, not a file name.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) {
    throw new DatabaseUrlError(
      `DATABASE_URL scheme "${scheme[1]}" is not supported (${redactDatabaseUrl(value)}); use sqlite:<path> or postgres://...`,
    );
  }
  return { kind: 'sqlite', path: value };
}

/** `postgres://bot:secret@host/db` -> `postgres://bot:***@host/db`, for error messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}
