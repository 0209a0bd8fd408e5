import { InteractionContextType, SlashCommandBuilder } from 'discord.js';

export const leaveCommand = new SlashCommandBuilder()
  .setName('leave')
  .setDescription('Leave the voice channel and clear the queue')
  .setContexts(InteractionContextType.Guild);
