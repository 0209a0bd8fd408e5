import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tonePool, collect } from './pool-test-kit.ts';

/** Nice value of every thread of this process, by thread id (Linux /proc). */
function threadNiceness(): Map<number, number> {
  const result = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      // Fields after the ")" that ends the command name: nice is field 19 of stat, index 16 here.
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      result.set(Number(tid), Number(fields[16]));
    } catch {
      // the thread ended while being listed
    }
  }
  return result;
}

test('generator workers run at a lower priority than the main thread', { skip: !existsSync('/proc/self/task') && 'needs Linux /proc' }, async () => {
  const before = new Set(threadNiceness().keys());
  const pool = tonePool({ workers: 2, workerNiceness: 7 });
  try {
    await Promise.all([1, 2].map(() => collect(pool.stream({ text: 'Both workers are up.', voice: 'tone:a440' }))));
    const after = threadNiceness();
    assert.equal(after.get(process.pid), 0, 'the main thread keeps its priority');
    const niced = [...after].filter(([tid, nice]) => !before.has(tid) && nice === 7);
    assert.ok(niced.length >= 2, `threads at nice 7: ${niced.length}`);
    assert.ok([...after].every(([tid, nice]) => before.has(tid) || nice === 7 || nice === 0), 'no other nice values appear');
  } finally {
    await pool.close();
  }
});

test('an out-of-range worker niceness is refused with a clear error', () => {
  assert.throws(() => tonePool({ workerNiceness: 25 }), /workerNiceness must be a whole number from 0 to 19/);
  assert.throws(() => tonePool({ workerNiceness: -1 }), /workerNiceness/);
});
