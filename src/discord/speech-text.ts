import { effectiveMaxLength, TEXT_LENGTH } from '../limits/speech-limits.ts';
import type { DictionaryEntry, GuildSettings } from '../storage/settings-store.ts';
import { cleanMessageText, type AttachmentInfo } from '../text/discord/index.ts';

/** What a message looks like to the text clean-up, already resolved from discord.js objects. */
export interface MessageTextFacts {
  readonly content: string;
  /** Mention id -> display name, for users, roles and channels. */
  readonly userNames: ReadonlyMap<string, string>;
  readonly roleNames: ReadonlyMap<string, string>;
  readonly channelNames: ReadonlyMap<string, string>;
  readonly attachments: readonly AttachmentInfo[];
}

/** Turns a Discord message into the text to speak; '' = nothing worth reading. */
export type TextCleaner = (message: MessageTextFacts, settings: GuildSettings, dictionary: readonly DictionaryEntry[]) => string;

/** The guild's settings with its longest-message setting capped by the process text limit (MAX_TEXT_LENGTH). */
export function guildTextLimits(settings: GuildSettings, processMaxTextLength: number | undefined): GuildSettings {
  const maxLength = effectiveMaxLength(settings.maxLength, processMaxTextLength ?? TEXT_LENGTH.default);
  return maxLength === settings.maxLength ? settings : { ...settings, maxLength };
}

/** The bot's clean-up: src/text/discord's cleanMessageText with the guild's settings and dictionary. */
export const discordTextCleaner: TextCleaner = (message, settings, dictionary) =>
  cleanMessageText(
    { content: message.content, users: message.userNames, roles: message.roleNames, channels: message.channelNames, attachments: message.attachments },
    { readEmoji: settings.readEmoji, repeatedCharacterLimit: settings.repeatedCharacterLimit, maxLength: settings.maxLength, dictionary },
  );
