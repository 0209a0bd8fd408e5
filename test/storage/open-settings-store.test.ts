import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSettingsStore } from '../../src/storage/open-settings-store.ts';

test('openSettingsStore opens a SQLite file from a sqlite: URL', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'open-store-'));
  try {
    const path = join(dir, 'new-folder', 'settings.sqlite');
    const store = await openSettingsStore(`sqlite:${path}`);
    await store.updateGuild('1', { readEmoji: false });
    await store.close();
    assert.ok(existsSync(path));
    const again = await openSettingsStore(path);
    assert.equal((await again.getGuild('1')).readEmoji, false);
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
