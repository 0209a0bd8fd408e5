import { InteractionContextType, SlashCommandBuilder } from 'discord.js';

export const joinCommand = new SlashCommandBuilder()
  .setName('join')
  .setDescription('Join your voice channel')
  .setContexts(InteractionContextType.Guild);
