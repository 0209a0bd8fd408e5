import { GUILD_MAX_LENGTH, REPEATED_CHARACTER_LIMIT, SPEED, VARIATION } from '../limits/speech-limits.ts';
import type { GuildSettings, UserSettings } from './settings-store.ts';

/**
 * What a guild gets before anyone changes anything. Stores keep NULL for settings never set, so changing a default
 * here reaches every guild that did not choose a value itself.
 */
export const DEFAULT_GUILD_SETTINGS: Readonly<Omit<GuildSettings, 'guildId'>> = Object.freeze({
  voice: null,
  speed: SPEED.default,
  autoreadChannelId: null,
  autoJoin: false,
  announceNames: true,
  maxLength: GUILD_MAX_LENGTH.default,
  repeatedCharacterLimit: REPEATED_CHARACTER_LIMIT.default,
  ignoreBots: true,
  requireVoiceChannel: false,
  requiredRoleId: null,
  ignoredUserIds: Object.freeze([]) as readonly string[],
  ignoredRoleIds: Object.freeze([]) as readonly string[],
  skipPrefix: '',
  readVoiceChannelChat: false,
  readEmoji: true,
  languageFallback: true,
  languageVoices: Object.freeze({}) as Readonly<Record<string, string>>,
  busyFallback: false,
  variation: VARIATION.default,
  watermark: true,
});

export const DEFAULT_USER_SETTINGS: Readonly<Omit<UserSettings, 'guildId' | 'userId'>> = Object.freeze({
  voice: null,
  speed: null,
  variation: null,
  autoreadSpeakers: false,
});

export function defaultGuildSettings(guildId: string): GuildSettings {
  return { guildId, ...DEFAULT_GUILD_SETTINGS };
}
