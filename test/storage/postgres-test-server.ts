import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Debian installs each major version under /usr/lib/postgresql/<major>/bin; take the newest one there. */
function newestDebianPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, majors[0] ?? '15', 'bin');
}

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? newestDebianPostgresBin();

/** runuser lives in /usr/sbin, which a CI user's PATH may leave out. */
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';

export interface TemporaryPostgres {
  /** Connection URL for a database on the server. */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export function postgresAvailable(): boolean {
  return existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'pg_ctl'));
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

/**
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user and the binaries run
 * through runuser; as anyone else they run directly.
 */
async function postgresUser(): Promise<{ uid: number; gid: number; prefix: string[] } | null> {
  if (process.getuid?.() !== 0) return null;
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid), gid: Number(gid), prefix: [RUNUSER, '-u', 'postgres', '--'] };
}

async function runAs(prefix: string[], binary: string, args: string[]): Promise<void> {
  const command = [...prefix, join(POSTGRES_BIN, binary), ...args];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited ${code}: ${output.slice(-2000)}`))));
  });
}

/** Starts a private PostgreSQL on a free 127.0.0.1 port with its socket and data in a temp folder. */
export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'pg-settings-'));
  const owner = await postgresUser();
  if (owner) await chown(dir, owner.uid, owner.gid);
  await chmod(dir, 0o700);
  const prefix = owner?.prefix ?? [];
  const data = join(dir, 'data');
  const port = await freePort();
  await runAs(prefix, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off`;
  await runAs(prefix, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start']);

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
        await runAs(prefix, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
