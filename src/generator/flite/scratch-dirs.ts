import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** flite writes its audio to a real folder (WASI needs one); each is named after the process that made it. */
const PREFIX = 'tts-flite-';

/**
 * A new scratch folder for one flite machine. Folders that processes no longer running left behind are removed
 * first: a worker that is terminated (shutdown past its grace period, a crash) or a bot that is killed never runs its
 * exit hook, and such folders used to pile up in the temp folder.
 */
export function makeScratchDir(base = tmpdir()): string {
  removeOrphanedScratchDirs(base);
  return mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
}

/** Removes the scratch folders in `base` whose process is gone; returns how many. */
export function removeOrphanedScratchDirs(base: string, isRunning: (pid: number) => boolean = processRunning): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = ownerOf(name);
    if (pid === undefined || pid === process.pid || isRunning(pid)) continue;
    rmSync(join(base, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function ownerOf(name: string): number | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const pid = Number(name.slice(PREFIX.length).split('-')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
