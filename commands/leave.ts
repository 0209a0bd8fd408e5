import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../src/discord/bot-context.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
  .setName('leave')
  .setDescription('Leave the voice channel and clear the queue')
  .setContexts(InteractionContextType.Guild);

export const leave: SlashCommand<'leave'> = {
  name: 'leave',
  definition,
  async execute(interaction, context: BotContext) {
    const guildId = interaction.guildId;
    const current = context.connections.channelIdOf(guildId);
    if (current === null) return replyPrivately(interaction, 'I am not in a voice channel.');
    const listening = interaction.member.voice.channelId === current;
    if (!listening && !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      return replyPrivately(interaction, `Only people in <#${current}> (or with Manage Server) can make me leave.`);
    }
    context.connections.leave(guildId, 'left');
    context.log.info({ guildId }, '/leave');
    await replyPrivately(interaction, 'Left the voice channel and cleared the queue.');
  },
};
