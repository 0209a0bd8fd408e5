import { InteractionContextType, SlashCommandBuilder } from 'discord.js';

export const skipCommand = new SlashCommandBuilder()
  .setName('skip')
  .setDescription('Skip the message being read now')
  .setContexts(InteractionContextType.Guild);
