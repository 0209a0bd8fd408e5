import type { GuildSettings } from '../../storage/settings-store.ts';

/** What the filter needs to know about a new message, taken from discord.js objects by the handler. */
export interface AutoreadMessageFacts {
  readonly channelId: string;
  readonly authorId: string;
  readonly authorIsBot: boolean;
  /** Join notices, pins, boosts and the like: anything that is not a default or reply message. */
  readonly isSystem: boolean;
  readonly content: string;
  readonly authorRoleIds: readonly string[];
  /** The author's current voice channel, null when not in voice. */
  readonly authorVoiceChannelId: string | null;
}

export type AutoreadSkipReason =
  | 'auto-read-off'
  | 'other-channel'
  | 'system-message'
  | 'bot-author'
  | 'ignored-user'
  | 'skip-prefix'
  | 'ignored-role'
  | 'missing-role'
  | 'not-in-voice'
  | 'author-not-in-bot-channel';

export type AutoreadDecision =
  | { readonly read: true; /** Channel to speak in: the bot's, or the author's when auto-joining. */ readonly voiceChannelId: string }
  | { readonly read: false; readonly reason: AutoreadSkipReason };

const skip = (reason: AutoreadSkipReason): AutoreadDecision => ({ read: false, reason });

/**
 * Decides whether a new message is read aloud, and where. Cheap checks first: most messages in a busy server are in
 * channels that are not read at all.
 */
export function decideAutoread(message: AutoreadMessageFacts, settings: GuildSettings, botVoiceChannelId: string | null): AutoreadDecision {
  const joinTarget = botVoiceChannelId ?? (settings.autoJoin ? message.authorVoiceChannelId : null);
  const inReadChannel = settings.autoreadChannelId !== null && message.channelId === settings.autoreadChannelId;
  // A voice channel's own text chat has the voice channel's id.
  const inVoiceChat = settings.readVoiceChannelChat && joinTarget !== null && message.channelId === joinTarget;
  if (!inReadChannel && !inVoiceChat) return skip(settings.autoreadChannelId === null && !settings.readVoiceChannelChat ? 'auto-read-off' : 'other-channel');
  if (message.isSystem) return skip('system-message');
  if (message.authorIsBot && settings.ignoreBots) return skip('bot-author');
  if (settings.ignoredUserIds.includes(message.authorId)) return skip('ignored-user');
  if (settings.skipPrefix !== '' && message.content.trimStart().startsWith(settings.skipPrefix)) return skip('skip-prefix');
  if (message.authorRoleIds.some((role) => settings.ignoredRoleIds.includes(role))) return skip('ignored-role');
  if (settings.requiredRoleId !== null && !message.authorRoleIds.includes(settings.requiredRoleId)) return skip('missing-role');
  if (joinTarget === null) return skip('not-in-voice');
  if (settings.requireVoiceChannel && message.authorVoiceChannelId !== joinTarget) return skip('author-not-in-bot-channel');
  return { read: true, voiceChannelId: joinTarget };
}
