import type { BotContext } from '../bot-context.ts';
import { checkSameVoiceChannel } from '../permissions.ts';
import { replyPrivately } from '../reply.ts';
import type { CommandHandler } from './command-handler.ts';

export const stopHandler: CommandHandler = {
  name: 'stop',
  async execute(interaction, context: BotContext) {
    const guildId = interaction.guildId;
    const allowed = checkSameVoiceChannel(interaction.member.voice.channelId, context.connections.channelIdOf(guildId));
    if (!allowed.allowed) return replyPrivately(interaction, allowed.message);
    // Cut first, answer after: silence must not wait for Discord's round trip.
    const dropped = context.playbacks.find(guildId)?.stop() ?? 0;
    context.log.info({ guildId, dropped }, '/stop');
    await replyPrivately(interaction, dropped === 0 ? 'Nothing was playing.' : `Stopped. Cleared ${dropped} message${dropped === 1 ? '' : 's'}.`);
  },
};

export const skipHandler: CommandHandler = {
  name: 'skip',
  async execute(interaction, context: BotContext) {
    const guildId = interaction.guildId;
    const allowed = checkSameVoiceChannel(interaction.member.voice.channelId, context.connections.channelIdOf(guildId));
    if (!allowed.allowed) return replyPrivately(interaction, allowed.message);
    const skipped = context.playbacks.find(guildId)?.skip() ?? false;
    context.log.info({ guildId, skipped }, '/skip');
    await replyPrivately(interaction, skipped ? 'Skipped.' : 'Nothing is being read right now.');
  },
};
