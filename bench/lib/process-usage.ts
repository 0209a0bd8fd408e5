/**
 * CPU time and peak memory of another process from Linux /proc, read from outside so measuring costs the measured
 * process nothing. /proc/<pid>/stat counts every thread of the process (worker threads included, finished ones too);
 * /proc/<pid>/task/<pid>/stat is the main thread alone.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface CpuTimes {
  /** User + system CPU seconds. */
  readonly process: number;
  readonly mainThread: number;
}

/** utime + stime in clock ticks from a /proc stat line (fields 14 and 15; the command name may hold spaces). */
export function statCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc stat line: ${stat.slice(0, 80)}`);
  return ticks;
}

/** VmHWM (peak resident set) in bytes from a /proc/<pid>/status text. */
export function statusPeakRssBytes(status: string): number {
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error('no VmHWM line in /proc status');
  return Number(match[1]) * 1024;
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // Linux's USER_HZ on every common architecture.
    }
  }
  return ticksPerSecond;
}

/** The whole machine's CPU seconds so far, from /proc/stat: busy on any process, and stolen by the hypervisor. */
export interface MachineCpu {
  readonly busy: number;
  readonly steal: number;
}

/** Parses /proc/stat's first line (user nice system idle iowait irq softirq steal ..., in clock ticks). */
export function machineCpuSeconds(procStat: string, hz: number): MachineCpu {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  const ticks = line?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return { busy: (user + nice + system + irq + softirq) / hz, steal: steal / hz };
}

export async function readMachineCpu(): Promise<MachineCpu> {
  return machineCpuSeconds(await readFile('/proc/stat', 'utf8'), clockTicksPerSecond());
}

export async function readCpuTimes(pid: number): Promise<CpuTimes> {
  const [processStat, mainStat] = await Promise.all([
    readFile(`/proc/${pid}/stat`, 'utf8'),
    readFile(`/proc/${pid}/task/${pid}/stat`, 'utf8'),
  ]);
  const hz = clockTicksPerSecond();
  return { process: statCpuTicks(processStat) / hz, mainThread: statCpuTicks(mainStat) / hz };
}

export async function readPeakRssBytes(pid: number): Promise<number> {
  return statusPeakRssBytes(await readFile(`/proc/${pid}/status`, 'utf8'));
}

/**
 * CPU seconds per thread name (/proc/<pid>/task/<tid>/comm: MainThread, WorkerThread or a Worker's `name`, V8Worker
 * for V8's helpers, libuv-worker, ...; a native library's threads inherit the name of the thread that made them).
 * Threads that already ended are missing here (the process total still has them).
 */
export async function readCpuByThreadName(pid: number): Promise<Map<string, number>> {
  const hz = clockTicksPerSecond();
  const byName = new Map<string, number>();
  let tids: string[];
  try {
    tids = await readdir(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  await Promise.all(tids.map(async (tid) => {
    try {
      const [comm, stat] = await Promise.all([readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8'), readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8')]);
      const name = comm.trim();
      byName.set(name, (byName.get(name) ?? 0) + statCpuTicks(stat) / hz);
    } catch {
      // The thread ended between listing and reading.
    }
  }));
  return byName;
}

/** Per-name CPU between two readings, in cores over `seconds`, largest first (names only seen in `after` start at 0). */
export function threadCoresBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, seconds: number): Record<string, number> {
  const cores = [...after].map(([name, total]) => [name, Math.max(0, total - (before.get(name) ?? 0)) / seconds] as const);
  return Object.fromEntries(cores.filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]).map(([name, c]) => [name, Number(c.toFixed(3))]));
}
