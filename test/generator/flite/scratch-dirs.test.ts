import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeScratchDir, removeOrphanedScratchDirs } from '../../../src/generator/flite/scratch-dirs.ts';

test('scratch folders of processes that are gone are removed; those of running processes and other files are kept', () => {
  const base = mkdtempSync(join(tmpdir(), 'scratch-test-'));
  try {
    for (const name of ['tts-flite-111-abc', 'tts-flite-222-def', 'flite-older-style', 'unrelated']) mkdirSync(join(base, name));
    writeFileSync(join(base, 'tts-flite-111-abc', 'output.txt'), 'left behind');
    const removed = removeOrphanedScratchDirs(base, (pid) => pid === 222);
    assert.equal(removed, 1);
    assert.deepEqual(readdirSync(base).sort(), ['flite-older-style', 'tts-flite-222-def', 'unrelated']);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("a new scratch folder carries this process's id, so it is never taken for an orphan while this process runs", () => {
  const base = mkdtempSync(join(tmpdir(), 'scratch-test-'));
  try {
    const dir = makeScratchDir(base);
    assert.ok(dir.startsWith(join(base, `tts-flite-${process.pid}-`)), dir);
    assert.equal(removeOrphanedScratchDirs(base, () => false), 0, 'its own folders are kept whatever the check says');
    assert.ok(existsSync(dir));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
