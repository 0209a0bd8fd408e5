import type { MessageTextInput } from './message-text-input.ts';
import { lookupName } from './message-text-input.ts';
import { speakableName } from './speakable-name.ts';
import { formatTimestamp } from './timestamps.ts';

const MENTION_OR_PING = /<@!?\d+>|<@&\d+>|@everyone|@here/g;

/** "@everyone @everyone @everyone" or "<@1> <@1> <@1>" is one ping, read once. */
function collapseMentionFloods(text: string): string {
  const normalised = text.replace(/<@!(\d+)>/g, '<@$1>');
  let previous = '';
  let previousEnd = -1;
  return normalised.replace(MENTION_OR_PING, (token: string, offset: number) => {
    const between = previousEnd >= 0 ? normalised.slice(previousEnd, offset) : 'x';
    const repeat = token === previous && /^[\s,]*$/.test(between);
    previous = token;
    previousEnd = offset + token.length;
    return repeat ? ' ' : token;
  });
}

function named(name: string | undefined, fallback: string): string {
  const spoken = name === undefined ? '' : speakableName(name);
  return ` ${spoken || fallback} `;
}

export interface MarkupContext {
  readonly now: number;
  readonly timeZone: string;
}

/**
 * Discord's own markup: mentions -> names, @everyone/@here -> words, custom emoji -> their names, slash-command
 * mentions -> the command, timestamps -> a spoken date.
 */
export function replaceDiscordMarkup(text: string, message: MessageTextInput, context: MarkupContext): string {
  return collapseMentionFloods(text)
    .replace(/<@&(\d+)>/g, (_m, id: string) => named(lookupName(message.roles, id), 'a role'))
    .replace(/<@(\d+)>/g, (_m, id: string) => named(lookupName(message.users, id), 'someone'))
    .replace(/<#(\d+)>/g, (_m, id: string) => named(lookupName(message.channels, id), 'a channel'))
    .replace(/@(everyone|here)\b/g, ' $1 ')
    .replace(/<a?:([A-Za-z0-9_~-]{1,32}):\d+>/g, (_m, name: string) => ` ${name.replace(/[_~-]+/g, ' ').trim()} `)
    .replace(/<\/([\p{L}\p{N}_ -]{1,100}):\d+>/gu, (_m, name: string) => ` ${name.replace(/[_-]+/g, ' ')} `)
    .replace(/<id:(?:customize|browse|guide|linked-roles)(?::\d+)?>/g, ' ')
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_m, seconds: string, style: string | undefined) =>
      ` ${formatTimestamp(Number(seconds), style ?? 'f', context.now, context.timeZone)} `,
    );
}
