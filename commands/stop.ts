import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../src/discord/bot-context.ts';
import { checkSameVoiceChannel } from '../src/discord/permissions.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
  .setName('stop')
  .setDescription('Stop speaking at once and clear the queue')
  .setContexts(InteractionContextType.Guild);

export const stop: SlashCommand<'stop'> = {
  name: 'stop',
  definition,
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
