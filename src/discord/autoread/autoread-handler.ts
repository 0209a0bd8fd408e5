import { MessageType, type Message } from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { messageTextFacts, voiceGuildOf } from '../discord-guild.ts';
import { chooseVoiceAndSpeed } from '../speech-choice.ts';
import { busyFallback } from '../busy-fallback.ts';
import { deliverySettings } from '../delivery-settings.ts';
import { guildTextLimits } from '../speech-text.ts';
import { errorKind } from '../error-kind.ts';
import { decideAutoread } from './autoread-filter.ts';
import { announcedSpeech, messageReader } from './message-reader.ts';

/** Message types that are people writing; everything else (joins, pins, boosts, thread notices) is a system message. */
const READABLE_TYPES: ReadonlySet<MessageType> = new Set([MessageType.Default, MessageType.Reply]);

/**
 * Reads one new message aloud when the guild's auto-read settings say so. Only messageCreate is wired here, so
 * edits are never read. Errors are caught and logged per guild.
 */
export async function handleAutoreadMessage(message: Message, context: BotContext): Promise<void> {
  if (!message.inGuild() || !context.accepting()) return;
  const guildId = message.guildId;
  const receivedAt = context.clock.now();
  try {
    const settings = await context.store.getGuild(guildId);
    if (settings.autoreadChannelId === null && !settings.readVoiceChannelChat) return;
    const member = message.member;
    const decision = decideAutoread(
      {
        channelId: message.channelId,
        authorId: message.author.id,
        authorIsBot: message.author.bot,
        isSystem: message.system || !READABLE_TYPES.has(message.type),
        content: message.content,
        authorRoleIds: member ? [...member.roles.cache.keys()] : [],
        authorVoiceChannelId: message.guild.voiceStates.cache.get(message.author.id)?.channelId ?? null,
      },
      settings,
      context.connections.channelIdOf(guildId),
    );
    if (!decision.read) {
      context.log.debug({ guildId, reason: decision.reason }, 'auto-read skipped a message');
      return;
    }
    const dictionary = await context.store.listDictionary(guildId);
    const limited = guildTextLimits(settings, context.maxTextLength);
    const text = context.cleanText(messageTextFacts(message), limited, dictionary);
    if (text === '') return;
    if (!context.spamGuard.admit(guildId, message.author.id, text)) {
      context.log.info({ guildId }, 'auto-read dropped a repeated message');
      return;
    }
    const user = await context.store.getUser(guildId, message.author.id);
    const choice = chooseVoiceAndSpeed({ voice: null, speed: null }, user, settings, context.defaultVoice);
    const read = messageReader(text, choice.voice, user.autoreadSpeakers, await context.voices.list(), settings, context.defaultVoice);
    if (!read.ok) {
      const reason = user.autoreadSpeakers ? 'speaker-markup' : 'no-voice-for-language';
      context.log.info({ guildId, reason, problem: read.message }, 'auto-read message refused');
      // Not silence: the author sees the message was not read, and /say explains why.
      await message.react('🔇').catch(() => undefined);
      return;
    }
    if (read.reader.text === '') return; // nothing but speaker tags
    const name = member?.displayName ?? message.author.displayName;
    const announce = settings.announceNames && context.announcer.shouldAnnounce(guildId, message.author.id);
    const spoken = announcedSpeech(read.reader, announce ? name : null, limited.maxLength);
    // Generation starts while the bot joins; playback waits for the connection (SpeechItem.ready).
    const joined = context.connections.channelIdOf(guildId) === decision.voiceChannelId
      ? undefined
      : context.connections.join(voiceGuildOf(message.guild), decision.voiceChannelId);
    joined?.catch(() => undefined); // awaited below; this only keeps a failure before then from counting as unhandled
    const result = context.playbacks.get(guildId).enqueue({
      userId: message.author.id,
      request: {
        text: spoken.text,
        voice: spoken.voice,
        speed: choice.speed,
        ...(spoken.turns ? { turns: spoken.turns } : {}),
        ...deliverySettings(user, settings),
        ...busyFallback(settings, spoken.voice),
      },
      source: 'autoread',
      receivedAt,
      ...(joined ? { ready: joined } : {}),
    });
    await joined;
    if (!result.accepted) {
      context.log.info({ guildId, reason: result.reason }, 'auto-read message refused');
      // Tell the author, quietly, instead of dropping silently; a reaction does not spam the channel.
      await message.react(result.reason === 'queue-full' ? '⏳' : '🐢').catch(() => undefined);
      return;
    }
    context.log.debug({ guildId, text: spoken.text }, 'auto-read queued');
  } catch (error) {
    context.log.warn({ guildId, error: error instanceof Error ? error.message : String(error) }, 'auto-read failed');
    const kind = errorKind(error, 'autoread');
    if (kind !== null) context.metrics?.errors.inc({ kind });
  }
}
