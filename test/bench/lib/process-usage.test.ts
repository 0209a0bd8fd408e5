import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  machineCpuSeconds, readCpuByThreadName, readCpuTimes, readMachineCpu, readPeakRssBytes, statCpuTicks, statusPeakRssBytes, threadCoresBetween,
} from '../../../bench/lib/process-usage.ts';

describe('process usage from /proc', () => {
  it('takes utime + stime from a stat line whose command name holds spaces and parentheses', () => {
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 40 0 0 20 0 11 0 100 1000000 20000';
    assert.equal(statCpuTicks(stat), 290);
  });

  it('reads VmHWM in bytes', () => {
    assert.equal(statusPeakRssBytes('Name:\tnode\nVmPeak:\t 999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1 kB\n'), 204800 * 1024);
    assert.throws(() => statusPeakRssBytes('Name:\tnode\n'), /VmHWM/);
  });

  it('reads this process: CPU time grows with work, the main thread is part of the process', { skip: process.platform !== 'linux' && 'needs Linux /proc' }, async () => {
    const before = await readCpuTimes(process.pid);
    const until = performance.now() + 150;
    let spin = 0;
    while (performance.now() < until) spin++;
    const after = await readCpuTimes(process.pid);
    assert.ok(spin > 0);
    const spent = after.mainThread - before.mainThread;
    // At least a clock tick, and no more than the wall time plus a tick (the machine may be busy with other work).
    assert.ok(spent >= 0.009 && spent <= 0.2, `main thread ${spent} s for 150 ms of spinning`);
    assert.ok(after.process >= after.mainThread);
    assert.ok(await readPeakRssBytes(process.pid) > 10 * 1024 * 1024);
    const threads = await readCpuByThreadName(process.pid);
    assert.ok((threads.get('MainThread') ?? 0) > 0, `thread names: ${[...threads.keys()].join(', ')}`);
  });

  it('per-thread-name cores between two readings, busiest first, idle ones left out', () => {
    const before = new Map([['MainThread', 1], ['WorkerThread', 2], ['V8Worker', 0.5]]);
    const after = new Map([['MainThread', 1.5], ['WorkerThread', 4], ['V8Worker', 0.5], ['libuv-worker', 0.1]]);
    assert.deepEqual(threadCoresBetween(before, after, 2), { WorkerThread: 1, MainThread: 0.25, 'libuv-worker': 0.05 });
  });

  it('the machine\'s busy and stolen CPU from /proc/stat: user, nice, system, irq and softirq are busy; idle and iowait not', async () => {
    const stat = 'cpu  100 20 30 5000 40 0 10 7 0 0\ncpu0 50 10 15 2500 20 0 5 3 0 0\nintr 1 2 3\n';
    assert.deepEqual(machineCpuSeconds(stat, 100), { busy: 1.6, steal: 0.07 });
    assert.throws(() => machineCpuSeconds('intr 1 2\n', 100), /no cpu line/);
    const before = await readMachineCpu();
    const until = performance.now() + 100;
    while (performance.now() < until);
    const after = await readMachineCpu();
    assert.ok(after.busy - before.busy >= 0.05, `this process spun 100 ms: ${after.busy - before.busy} s busy`);
  });
});
