import { Worker } from 'node:worker_threads';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver.ts';
import { StorageError } from './sql-driver.ts';
import type { SqliteRequest, SqliteResponse } from './sqlite-worker.ts';

const workerEntry = new URL('./sqlite-worker.ts', import.meta.url);

type Pending = { resolve: (rows: SqlRow[]) => void; reject: (error: Error) => void };
type Request = SqliteRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * SQLite on a thread of its own: the same SQL surface as SqliteDriver, but every statement (and every commit's disk
 * sync) runs in a worker, so a large dictionary import or a slow disk never delays the main thread's audio. As in
 * SqliteDriver, a promise chain serialises operations, so no query lands inside another caller's open transaction.
 */
export class SqliteWorkerDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #tail: Promise<unknown> = Promise.resolve();
  #stopped: Error | null = null;
  readonly #direct: SqlExecutor = { query: (sql, params = []) => this.#send({ kind: 'query', sql, params }) };

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (response: SqliteResponse) => this.#settle(response));
    worker.on('error', (error) => this.#stop(new StorageError(`The settings database thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.#stop(new StorageError(`The settings database thread stopped (exit code ${code})`)));
  }

  /** Starts the thread and opens `path` there; rejects with the StorageError openSqliteDatabase gives. */
  static async open(path: string): Promise<SqliteWorkerDriver> {
    const worker = new Worker(workerEntry, { name: 'settings-sqlite', workerData: { path } });
    const driver = new SqliteWorkerDriver(worker);
    try {
      await new Promise<SqlRow[]>((resolve, reject) => driver.#pending.set(0, { resolve, reject }));
    } catch (error) {
      await worker.terminate();
      throw error instanceof StorageError ? error : new StorageError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    driver.#idle();
    return driver;
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.#serialise(() => this.#send({ kind: 'query', sql, params }));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#serialise(async () => {
      // IMMEDIATE takes the write lock up front, so two processes sharing the file cannot deadlock on upgrade.
      await this.#send({ kind: 'exec', sql: 'BEGIN IMMEDIATE' });
      try {
        const result = await work(this.#direct);
        await this.#send({ kind: 'exec', sql: 'COMMIT' });
        return result;
      } catch (error) {
        if (!this.#stopped) await this.#send({ kind: 'rollback' });
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.#serialise(async () => {
      if (this.#stopped) return;
      await this.#send({ kind: 'close' });
      await this.#worker.terminate();
    });
  }

  #send(request: Request): Promise<SqlRow[]> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    // Keep the process alive while an answer is awaited, not while the store merely exists.
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise<SqlRow[]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as SqliteRequest);
    });
  }

  #settle(response: SqliteResponse): void {
    const pending = this.#pending.get(response.id);
    if (!pending) return;
    this.#pending.delete(response.id);
    this.#idle();
    if (response.error === undefined) pending.resolve(response.rows ?? []);
    else pending.reject(response.id === 0 ? new StorageError(response.error) : new Error(response.error));
  }

  #stop(error: StorageError): void {
    this.#stopped ??= error;
    for (const pending of this.#pending.values()) pending.reject(this.#stopped);
    this.#pending.clear();
  }

  #idle(): void {
    if (this.#pending.size === 0) this.#worker.unref();
  }

  #serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
