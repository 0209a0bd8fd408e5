import { InteractionContextType, SlashCommandBuilder } from 'discord.js';

export const stopCommand = new SlashCommandBuilder()
  .setName('stop')
  .setDescription('Stop speaking at once and clear the queue')
  .setContexts(InteractionContextType.Guild);
