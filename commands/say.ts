import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { SAY_OPTION_MAX_LENGTH, SPEED } from '../src/limits/speech-limits.ts';

export const sayCommand = new SlashCommandBuilder()
  .setName('say')
  .setDescription('Read text aloud in your voice channel')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o.setName('text').setDescription('What to say').setRequired(true).setMinLength(1).setMaxLength(SAY_OPTION_MAX_LENGTH),
  )
  .addStringOption((o) => o.setName('voice').setDescription('Voice to use this time (engine:voice)').setAutocomplete(true).setMaxLength(100))
  .addNumberOption((o) =>
    o.setName('speed').setDescription(`Speaking speed, ${SPEED.min} to ${SPEED.max} (1 = normal)`).setMinValue(SPEED.min).setMaxValue(SPEED.max),
  );
