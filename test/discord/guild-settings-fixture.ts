import type { GuildSettings } from '../../src/storage/settings-store.ts';

export function guildSettings(overrides: Partial<GuildSettings> = {}): GuildSettings {
  return {
    guildId: 'g1',
    voice: null,
    speed: 1,
    autoreadChannelId: 'text1',
    autoJoin: false,
    announceNames: true,
    maxLength: 300,
    repeatedCharacterLimit: 3,
    ignoreBots: true,
    requireVoiceChannel: false,
    requiredRoleId: null,
    ignoredUserIds: [],
    ignoredRoleIds: [],
    skipPrefix: '!',
    readVoiceChannelChat: false,
    readEmoji: false,
    ...overrides,
  };
}
