// The thread that owns the SQLite settings database (see sqlite-worker-driver.ts). node:sqlite is synchronous: run on
// the bot's main thread, every commit (and its fsync) would hold up the 20 ms audio clock; here it holds up nobody.
import { parentPort, workerData } from 'node:worker_threads';
import type { StatementSync } from 'node:sqlite';
import type { SqlRow, SqlValue } from './sql-driver.ts';
import { openSqliteDatabase, toSqlitePlaceholders } from './sqlite-driver.ts';

/** Main thread -> worker. `exec` runs statements without results (BEGIN, COMMIT); `rollback` only if a transaction is open. */
export type SqliteRequest =
  | { readonly id: number; readonly kind: 'query'; readonly sql: string; readonly params: readonly SqlValue[] }
  | { readonly id: number; readonly kind: 'exec'; readonly sql: string }
  | { readonly id: number; readonly kind: 'rollback' }
  | { readonly id: number; readonly kind: 'close' };

/** Worker -> main thread: the answer to request `id`; id 0 answers the opening of the database. */
export type SqliteResponse = { readonly id: number; readonly rows?: SqlRow[]; readonly error?: string };

const port = parentPort;
if (!port) throw new Error('sqlite-worker.ts runs as a worker thread');
const { path } = workerData as { path: string };
const statements = new Map<string, StatementSync>();

try {
  const db = openSqliteDatabase(path);
  port.postMessage({ id: 0 } satisfies SqliteResponse);
  port.on('message', (request: SqliteRequest) => {
    try {
      switch (request.kind) {
        case 'query': {
          let statement = statements.get(request.sql);
          if (!statement) {
            statement = db.prepare(toSqlitePlaceholders(request.sql));
            statements.set(request.sql, statement);
          }
          port.postMessage({ id: request.id, rows: statement.all(...request.params) as SqlRow[] } satisfies SqliteResponse);
          return;
        }
        case 'exec':
          db.exec(request.sql);
          break;
        case 'rollback':
          if (db.isTransaction) db.exec('ROLLBACK');
          break;
        case 'close':
          statements.clear();
          if (db.isOpen) db.close();
          port.postMessage({ id: request.id } satisfies SqliteResponse);
          port.close();
          return;
      }
      port.postMessage({ id: request.id } satisfies SqliteResponse);
    } catch (error) {
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies SqliteResponse);
    }
  });
} catch (error) {
  port.postMessage({ id: 0, error: error instanceof Error ? error.message : String(error) } satisfies SqliteResponse);
  port.close();
}
