import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../src/discord/bot-context.ts';
import { checkSameVoiceChannel } from '../src/discord/permissions.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
  .setName('skip')
  .setDescription('Skip the message being read now')
  .setContexts(InteractionContextType.Guild);

export const skip: SlashCommand<'skip'> = {
  name: 'skip',
  definition,
  async execute(interaction, context: BotContext) {
    const guildId = interaction.guildId;
    const allowed = checkSameVoiceChannel(interaction.member.voice.channelId, context.connections.channelIdOf(guildId));
    if (!allowed.allowed) return replyPrivately(interaction, allowed.message);
    const skipped = context.playbacks.find(guildId)?.skip() ?? false;
    context.log.info({ guildId, skipped }, '/skip');
    await replyPrivately(interaction, skipped ? 'Skipped.' : 'Nothing is being read right now.');
  },
};
