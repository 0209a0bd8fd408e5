/**
 * CPU time and peak memory of another process from Linux /proc, read from outside so measuring costs the measured
 * process nothing. /proc/<pid>/stat counts every thread of the process (worker threads included, finished ones too);
 * /proc/<pid>/task/<pid>/stat is the main thread alone.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

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
