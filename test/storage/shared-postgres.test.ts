// Two hosts (two bot processes) share one PostgreSQL: what one host writes, the other reads on its very next read.
// Nothing in the store caches a guild's settings, user settings or dictionary; this pins that down with two store
// instances (two connection pools, as two processes have) on one real server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgresSettingsStore } from '../../src/storage/postgres-settings-store.ts';
import type { SettingsStore } from '../../src/storage/settings-store.ts';
import { skipUnless } from '../helpers/test-requirements.ts';
import type { TemporaryPostgres } from './postgres-test-server.ts';
import { postgresBinaries, startTemporaryPostgres } from './postgres-test-server.ts';

const skip = skipUnless(postgresBinaries());

let server: TemporaryPostgres | undefined;
let hostA: SettingsStore | undefined;
let hostB: SettingsStore | undefined;

before(async () => {
  if (skip) return;
  server = await startTemporaryPostgres();
  const url = await server.createDatabase();
  [hostA, hostB] = await Promise.all([openPostgresSettingsStore(url), openPostgresSettingsStore(url)]);
});

after(async () => {
  await hostA?.close();
  await hostB?.close();
  await server?.stop();
});

function stores(): [SettingsStore, SettingsStore] {
  assert.ok(hostA && hostB, 'the temporary PostgreSQL server did not start');
  return [hostA, hostB];
}

test('a guild setting written through one store is read by the other on its next read', { skip }, async () => {
  const [a, b] = stores();
  assert.equal((await b.getGuild('100')).speed, 1, 'host B read the defaults first');
  await a.updateGuild('100', { speed: 1.5, voice: 'flite:kal' });
  const seen = await b.getGuild('100');
  assert.equal(seen.speed, 1.5);
  assert.equal(seen.voice, 'flite:kal');
  await b.updateGuild('100', { voice: null });
  assert.equal((await a.getGuild('100')).voice, null, 'and back the other way');
});

test('patches of different settings from two hosts at once both survive', { skip }, async () => {
  const [a, b] = stores();
  await Promise.all([a.updateGuild('200', { announceNames: true }), b.updateGuild('200', { skipPrefix: '!' })]);
  for (const store of [a, b]) {
    const settings = await store.getGuild('200');
    assert.equal(settings.announceNames, true);
    assert.equal(settings.skipPrefix, '!');
  }
});

test('a member voice and the dictionary changed on one host are in force on the other', { skip }, async () => {
  const [a, b] = stores();
  assert.equal((await b.getUser('300', '7')).voice, null);
  assert.deepEqual(await b.listDictionary('300'), []);
  await a.updateUser('300', '7', { voice: 'flite:rms' });
  await a.putDictionaryEntry('300', { pattern: 'brb', replacement: 'be right back' });
  assert.equal((await b.getUser('300', '7')).voice, 'flite:rms');
  assert.deepEqual(await b.listDictionary('300'), [{ pattern: 'brb', replacement: 'be right back' }]);
  assert.equal(await b.removeDictionaryEntry('300', 'brb'), true);
  assert.deepEqual(await a.listDictionary('300'), []);
});

test('auto-read turned on through one host is listed by the other', { skip }, async () => {
  const [a, b] = stores();
  await a.updateGuild('400', { autoreadChannelId: '401' });
  assert.ok((await b.listAutoreadGuilds()).some((g) => g.guildId === '400' && g.autoreadChannelId === '401'));
});
