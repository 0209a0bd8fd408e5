// The SQLite driver that runs the database on its own thread: the main thread keeps its timers while SQLite works,
// transactions stay atomic and serialised, and a forgotten store does not keep a process alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError } from '../../src/storage/sql-driver.ts';
import { SqliteWorkerDriver } from '../../src/storage/sqlite-worker-driver.ts';

test('a long statement runs without holding up the main thread', async () => {
  const driver = await SqliteWorkerDriver.open(':memory:');
  try {
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    // About a second of pure SQLite work on this machine: count a 3-million-row recursive sequence.
    const rows = await driver.query('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT COUNT(*) AS c FROM n');
    const took = performance.now() - started;
    clearInterval(timer);
    assert.equal(Number(rows[0].c), 3_000_000);
    console.log(`[measure] ${took.toFixed(0)} ms of SQLite work; the main thread's 5 ms timer was at most ${longestGap.toFixed(1)} ms apart`);
    assert.ok(took > 150, `the statement took long enough to matter (${took.toFixed(0)} ms)`);
    assert.ok(longestGap < 60, `main-thread timer gap ${longestGap.toFixed(1)} ms while SQLite worked`);
  } finally {
    await driver.close();
  }
});

test('a failed transaction rolls back, and queries from elsewhere wait for it instead of landing inside it', async () => {
  const driver = await SqliteWorkerDriver.open(':memory:');
  try {
    await driver.query('CREATE TABLE t (x INTEGER)');
    const failing = driver.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)');
      await new Promise((resolve) => setTimeout(resolve, 30));
      await tx.query('INSERT INTO t VALUES (2)');
      throw new Error('changed my mind');
    });
    const outside = driver.query('SELECT COUNT(*) AS c FROM t');
    await assert.rejects(failing, /changed my mind/);
    assert.equal(Number((await outside)[0].c), 0, 'the outside query ran after the rollback');
    await driver.transaction(async (tx) => tx.query('INSERT INTO t VALUES (3)'));
    assert.deepEqual((await driver.query('SELECT x FROM t')).map((r) => Number(r.x)), [3]);
    await assert.rejects(driver.query('NOT SQL'), /syntax error/);
  } finally {
    await driver.close();
  }
  await assert.rejects(driver.query('SELECT 1'), StorageError, 'a closed driver refuses work');
});

test('a database that cannot be opened is a StorageError naming the path', async () => {
  await assert.rejects(SqliteWorkerDriver.open('/proc/nope/settings.sqlite'), (error: unknown) => {
    assert.ok(error instanceof StorageError);
    assert.match(error.message, /Cannot open the SQLite settings database at \/proc\/nope\/settings\.sqlite/);
    return true;
  });
});

test('a process that never closes its store still exits', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sqlite-worker-'));
  try {
    const script = join(dir, 'forgets-to-close.ts');
    await writeFile(script, [
      `import { openSqliteSettingsStore } from ${JSON.stringify(new URL('../../src/storage/sqlite-settings-store.ts', import.meta.url).href)};`,
      `const store = await openSqliteSettingsStore(':memory:');`,
      'console.log((await store.getGuild(\'1\')).maxLength);',
    ].join('\n'));
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(child.error, undefined, 'exited by itself, before the timeout');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), '300');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
