import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GUILD_SETTINGS } from '../../src/storage/guild-defaults.ts';
import type { SettingsStore } from '../../src/storage/settings-store.ts';
import { SettingsValidationError } from '../../src/storage/settings-validation.ts';
import { StorageError } from '../../src/storage/sql-driver.ts';

/** A fresh, empty database; `open` may be called again after `close` to simulate a bot restart. */
export interface StoreLocation {
  open(): Promise<SettingsStore>;
}

/**
 * The behaviour every SettingsStore must have. Each implementation's test file calls this with its own factory, so
 * SQLite and PostgreSQL are held to exactly the same expectations.
 */
export function settingsStoreContract(name: string, freshLocation: () => Promise<StoreLocation>): void {
  async function withStore(work: (store: SettingsStore) => Promise<void>): Promise<void> {
    const store = await (await freshLocation()).open();
    try {
      await work(store);
    } finally {
      await store.close();
    }
  }

  describe(`${name} settings store`, () => {
    test('a guild never seen has the documented defaults', () =>
      withStore(async (store) => {
        const guild = await store.getGuild('111');
        assert.deepEqual(guild, { guildId: '111', ...DEFAULT_GUILD_SETTINGS });
        assert.equal(guild.speed, 1);
        assert.equal(guild.maxLength, 300);
        assert.equal(guild.autoreadChannelId, null);
        assert.deepEqual(await store.listAutoreadGuilds(), []);
      }));

    test('patches change only the named settings and are read back', () =>
      withStore(async (store) => {
        const first = await store.updateGuild('111', { speed: 1.25, voice: 'piper:en_US-lessac-medium' });
        assert.equal(first.speed, 1.25);
        assert.equal(first.voice, 'piper:en_US-lessac-medium');
        const second = await store.updateGuild('111', { announceNames: false, skipPrefix: '!', maxLength: 2000 });
        assert.equal(second.speed, 1.25, 'an earlier patch must survive a later one');
        assert.equal(second.announceNames, false);
        assert.deepEqual(await store.getGuild('111'), second);
        assert.deepEqual(await store.getGuild('222'), { guildId: '222', ...DEFAULT_GUILD_SETTINGS }, 'guilds are separate');
        const cleared = await store.updateGuild('111', { voice: null });
        assert.equal(cleared.voice, null);
        assert.equal(cleared.skipPrefix, '!');
      }));

    test('every field round-trips with its type', () =>
      withStore(async (store) => {
        const patch = {
          voice: 'espeak:de',
          speed: 0.5,
          autoreadChannelId: '123456789012345678',
          autoJoin: true,
          announceNames: false,
          maxLength: 1,
          repeatedCharacterLimit: 20,
          ignoreBots: false,
          requireVoiceChannel: true,
          requiredRoleId: '998877665544332211',
          ignoredUserIds: ['1', '2', '2', '3'],
          ignoredRoleIds: ['42'],
          skipPrefix: '//',
          readVoiceChannelChat: true,
          readEmoji: false,
          languageFallback: false,
          languageVoices: { ja: 'espeak:ja', ru: 'piper:ru_RU-irina-medium' },
          busyFallback: true,
          variation: 0.25,
          watermark: false,
        };
        const saved = await store.updateGuild('5', patch);
        const expected = { guildId: '5', ...patch, ignoredUserIds: ['1', '2', '3'] };
        assert.deepEqual(saved, expected);
        assert.deepEqual(await store.getGuild('5'), expected);
        assert.deepEqual((await store.updateGuild('5', { ignoredUserIds: [] })).ignoredUserIds, []);
        // Both ends of the variation range are settings, not errors: 0 (flat) is stored as 0, not as "never set".
        assert.equal((await store.updateGuild('5', { variation: 0 })).variation, 0);
        assert.equal((await store.getGuild('5')).variation, 0);
        assert.equal((await store.updateGuild('5', { variation: 1.5 })).variation, 1.5);
      }));

    test('concurrent patches of different settings all survive', () =>
      withStore(async (store) => {
        await Promise.all([
          store.updateGuild('7', { speed: 2 }),
          store.updateGuild('7', { readEmoji: false }),
          store.updateGuild('7', { maxLength: 50 }),
          store.updateGuild('7', { autoJoin: true }),
        ]);
        const guild = await store.getGuild('7');
        assert.deepEqual([guild.speed, guild.readEmoji, guild.maxLength, guild.autoJoin], [2, false, 50, true]);
      }));

    test('bad patches are refused with every problem listed and nothing stored', () =>
      withStore(async (store) => {
        await store.updateGuild('9', { speed: 1.5 });
        await assert.rejects(
          store.updateGuild('9', { speed: 3, maxLength: 0, readEmoji: 'yes' as unknown as boolean, maxLength2: 1 } as never),
          (error: unknown) => {
            assert.ok(error instanceof SettingsValidationError);
            assert.match(error.message, /speed must be a number from 0\.5 to 2\.5 \(got 3\)/);
            assert.match(error.message, /maxLength must be a whole number from 1 to 10000 \(got 0\)/);
            assert.match(error.message, /readEmoji must be true or false/);
            assert.match(error.message, /"maxLength2" is not a guild setting/);
            assert.equal(error.issues.length, 4);
            return true;
          },
        );
        for (const bad of [{ speed: Number.NaN }, { speed: 0.49 }, { maxLength: 2.5 }, { repeatedCharacterLimit: 0 },
          { voice: 'no colon' }, { autoreadChannelId: 'not an id!' }, { ignoredRoleIds: 'x' }, { skipPrefix: ' ! ' },
          { guildId: '10' }, { variation: -0.1 }, { variation: 1.51 }, { variation: null }, { variation: '1' }, { watermark: 'off' }, { watermark: null }]) {
          await assert.rejects(store.updateGuild('9', bad as never), SettingsValidationError, JSON.stringify(bad));
        }
        assert.equal((await store.getGuild('9')).speed, 1.5);
        assert.equal((await store.getGuild('9')).maxLength, 300);
        await assert.rejects(store.getGuild(''), SettingsValidationError);
      }));

    test('user settings default to null and are kept per guild', () =>
      withStore(async (store) => {
        assert.deepEqual(await store.getUser('1', '50'), { guildId: '1', userId: '50', voice: null, speed: null, variation: null, autoreadSpeakers: false });
        const saved = await store.updateUser('1', '50', { voice: 'neural:slt', speed: 2.5, variation: 0, autoreadSpeakers: true });
        assert.deepEqual(saved, { guildId: '1', userId: '50', voice: 'neural:slt', speed: 2.5, variation: 0, autoreadSpeakers: true });
        assert.deepEqual(await store.getUser('1', '50'), saved);
        assert.deepEqual(await store.getUser('2', '50'), { guildId: '2', userId: '50', voice: null, speed: null, variation: null, autoreadSpeakers: false });
        assert.deepEqual(await store.updateUser('1', '50', { speed: null }), { ...saved, speed: null });
        await assert.rejects(store.updateUser('1', '50', { speed: 9 }), /speed must be a number from 0\.5 to 2\.5/);
        await assert.rejects(store.updateUser('1', '50', { variation: 2 }), /variation must be a number from 0 to 1\.5 \(got 2\)/);
        await assert.rejects(store.updateUser('1', '50', { autoreadSpeakers: 'on' as unknown as boolean }), /autoreadSpeakers must be true or false/);
        assert.deepEqual(await store.updateUser('1', '50', { variation: null }), { ...saved, speed: null, variation: null });
        await assert.rejects(store.updateUser('1', '50', { maxLength: 3 } as never), /"maxLength" is not a user setting/);
      }));

    test('dictionary entries are unique per guild ignoring case', () =>
      withStore(async (store) => {
        assert.deepEqual(await store.listDictionary('1'), []);
        await store.putDictionaryEntry('1', { pattern: 'lol', replacement: 'laughing out loud' });
        await store.putDictionaryEntry('1', { pattern: ' brb ', replacement: 'be right back' });
        await store.putDictionaryEntry('1', { pattern: 'LOL', replacement: 'haha' });
        await store.putDictionaryEntry('2', { pattern: 'lol', replacement: 'other guild' });
        assert.deepEqual(await store.listDictionary('1'), [
          { pattern: 'brb', replacement: 'be right back' },
          { pattern: 'LOL', replacement: 'haha' },
        ]);
        assert.equal(await store.removeDictionaryEntry('1', 'Lol'), true);
        assert.equal(await store.removeDictionaryEntry('1', 'lol'), false);
        assert.deepEqual(await store.listDictionary('1'), [{ pattern: 'brb', replacement: 'be right back' }]);
        assert.deepEqual(await store.listDictionary('2'), [{ pattern: 'lol', replacement: 'other guild' }]);
        await assert.rejects(store.putDictionaryEntry('1', { pattern: '   ', replacement: 'x' }), SettingsValidationError);
        await assert.rejects(
          store.putDictionaryEntry('1', { pattern: 'x', replacement: 'y'.repeat(201) }),
          /replacement must be text of at most 200/,
        );
      }));

    test('a batch of dictionary entries is stored in one go, with counts, up to the cap, and refused whole when one is invalid', () =>
      withStore(async (store) => {
        await store.putDictionaryEntry('1', { pattern: 'old', replacement: 'before' });
        const first = await store.putDictionaryEntries('1', [
          { pattern: 'OLD', replacement: 'after' },
          { pattern: 'e-mail', replacement: 'email' },
          { pattern: 'e-mail', replacement: 'electronic mail' },
        ]);
        assert.deepEqual(first, { added: 1, updated: 1, refusedFull: 0 });
        assert.deepEqual(await store.listDictionary('1'), [
          { pattern: 'e-mail', replacement: 'electronic mail' },
          { pattern: 'OLD', replacement: 'after' },
        ]);
        const many = Array.from({ length: 10_000 }, (_, i) => ({ pattern: `w${i}`, replacement: `r${i}` }));
        const full = await store.putDictionaryEntries('1', many);
        assert.deepEqual(full, { added: 498, updated: 0, refusedFull: 9502 });
        assert.equal((await store.listDictionary('1')).length, 500);
        // Words already there are still updated when the dictionary is full.
        assert.deepEqual(await store.putDictionaryEntries('1', [{ pattern: 'w0', replacement: 'zero' }, { pattern: 'new', replacement: 'x' }]), {
          added: 0, updated: 1, refusedFull: 1,
        });
        await assert.rejects(
          store.putDictionaryEntries('2', [{ pattern: 'fine', replacement: 'ok' }, { pattern: 'x', replacement: 'y'.repeat(201) }]),
          /entry 2: dictionary replacement must be text of at most 200/,
        );
        assert.deepEqual(await store.listDictionary('2'), [], 'an invalid batch stores nothing');
        assert.deepEqual(await store.putDictionaryEntries('2', []), { added: 0, updated: 0, refusedFull: 0 });
      }));

    test('auto-read guilds are listed for start-up', () =>
      withStore(async (store) => {
        await store.updateGuild('30', { autoreadChannelId: '300', speed: 1.5 });
        await store.updateGuild('10', { autoreadChannelId: '100' });
        await store.updateGuild('20', { speed: 2 });
        const listed = await store.listAutoreadGuilds();
        assert.deepEqual(listed.map((g) => [g.guildId, g.autoreadChannelId, g.speed]), [['10', '100', 1], ['30', '300', 1.5]]);
        await store.updateGuild('10', { autoreadChannelId: null });
        assert.deepEqual((await store.listAutoreadGuilds()).map((g) => g.guildId), ['30']);
      }));

    test('everything survives closing and reopening (a restart)', async () => {
      const location = await freshLocation();
      const before = await location.open();
      await before.updateGuild('1', { autoreadChannelId: '11', speed: 0.75, ignoredRoleIds: ['5', '6'], readEmoji: false, variation: 0 });
      await before.updateUser('1', '2', { voice: 'espeak:fr', variation: 0.5 });
      await before.putDictionaryEntry('1', { pattern: 'gg', replacement: 'good game' });
      const guild = await before.getGuild('1');
      await before.close();

      const after = await location.open();
      try {
        assert.deepEqual(await after.getGuild('1'), guild);
        assert.deepEqual(await after.getUser('1', '2'), { guildId: '1', userId: '2', voice: 'espeak:fr', speed: null, variation: 0.5, autoreadSpeakers: false });
        assert.deepEqual(await after.listDictionary('1'), [{ pattern: 'gg', replacement: 'good game' }]);
        assert.deepEqual((await after.listAutoreadGuilds()).map((g) => g.guildId), ['1']);
        await after.updateGuild('1', { speed: 2 });
      } finally {
        await after.close();
      }
      const third = await location.open();
      try {
        assert.equal((await third.getGuild('1')).speed, 2);
      } finally {
        await third.close();
      }
    });

    test('a closed store refuses work with a clear error', async () => {
      const store = await (await freshLocation()).open();
      await store.close();
      await store.close();
      await assert.rejects(store.getGuild('1'), (error: unknown) => error instanceof StorageError && /closed/.test(error.message));
    });
  });
}
