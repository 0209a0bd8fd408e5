import { effectiveMaxLength, TEXT_LENGTH } from '../limits/speech-limits.ts';
import type { DictionaryEntry, GuildSettings } from '../storage/settings-store.ts';
import { applyDictionary, cleanMessageText, type AttachmentInfo } from '../text/discord/index.ts';

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

/**
 * A minimal clean-up without the full markup rules, for tests that want predictable text: mentions become names, links and
 * custom emoji go, markdown symbols go, repeated characters are capped, the dictionary applies, long text is cut
 * with "and so on".
 */
export const basicTextCleaner: TextCleaner = (message, settings, dictionary) => {
  let text = message.content
    .replace(/\|\|[\s\S]*?\|\|/g, ' spoiler ')
    .replace(/```[\s\S]*?```/g, ' code block ')
    .replace(/<@!?(\d+)>/g, (_m, id: string) => message.userNames.get(id) ?? 'someone')
    .replace(/<@&(\d+)>/g, (_m, id: string) => message.roleNames.get(id) ?? 'a role')
    .replace(/<#(\d+)>/g, (_m, id: string) => message.channelNames.get(id) ?? 'a channel')
    .replace(/<a?:(\w+):\d+>/g, (_m, name: string) => (settings.readEmoji ? name.replace(/_/g, ' ') : ''))
    .replace(/https?:\/\/\S+/g, ' a link ')
    .replace(/[*_~`>#|]+/g, ' ');
  if (settings.repeatedCharacterLimit > 0) {
    const limit = settings.repeatedCharacterLimit;
    text = text.replace(/(.)\1+/gu, (run, ch: string) => ch.repeat(Math.min([...run].length, limit)));
  }
  text = applyDictionary(text, dictionary);
  text = text.replace(/\s+/g, ' ').trim();
  const attachments = message.attachments.length;
  if (attachments > 0) text = `${text}${text === '' ? '' : '. '}${attachments === 1 ? 'an attachment' : `${attachments} attachments`}`;
  if (text.length > settings.maxLength) {
    const cut = text.slice(0, settings.maxLength);
    const space = cut.lastIndexOf(' ');
    text = `${space > settings.maxLength / 2 ? cut.slice(0, space) : cut}, and so on`;
  }
  return text;
};
