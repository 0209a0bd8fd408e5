import { defaultGuildSettings } from '../../src/storage/guild-defaults.ts';
import type { GuildSettings } from '../../src/storage/settings-store.ts';

/** A guild with auto-read on in `text1`, a `!` skip prefix and emoji off; everything else as a new guild has it. */
export function guildSettings(overrides: Partial<GuildSettings> = {}): GuildSettings {
  return { ...defaultGuildSettings('g1'), autoreadChannelId: 'text1', skipPrefix: '!', readEmoji: false, ...overrides };
}
