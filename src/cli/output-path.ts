import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Why a CLI cannot write `path`, in one line, or null when it can. Checked before any model loads, so a typo in the
 * folder does not cost a synthesis first and then end in a raw ENOENT.
 */
export function outputPathProblem(path: string): string | null {
  const target = resolve(path);
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) return `--out ${path} is a folder; give a file name in it, e.g. ${path.replace(/\/+$/, '')}/hello.wav.`;
  const folder = dirname(target);
  const parent = statSync(folder, { throwIfNoEntry: false });
  if (!parent) return `The folder ${folder} does not exist; create it first (mkdir -p ${folder}) or choose another --out.`;
  if (!parent.isDirectory()) return `${folder} is not a folder, so --out ${path} cannot be written.`;
  try {
    accessSync(folder, constants.W_OK);
    if (existing) accessSync(target, constants.W_OK);
  } catch {
    return `No permission to write ${target}.`;
  }
  return null;
}
