import { InteractionContextType, SlashCommandBuilder } from 'discord.js';

/** Longest /say text Discord lets a user type into one option. */
export const SAY_TEXT_MAX_LENGTH = 2000;
export const SPEED_MIN = 0.5;
export const SPEED_MAX = 2.5;

export const sayCommand = new SlashCommandBuilder()
  .setName('say')
  .setDescription('Read text aloud in your voice channel')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o.setName('text').setDescription('What to say').setRequired(true).setMinLength(1).setMaxLength(SAY_TEXT_MAX_LENGTH),
  )
  .addStringOption((o) => o.setName('voice').setDescription('Voice to use this time (engine:voice)').setAutocomplete(true).setMaxLength(100))
  .addNumberOption((o) =>
    o.setName('speed').setDescription(`Speaking speed, ${SPEED_MIN} to ${SPEED_MAX} (1 = normal)`).setMinValue(SPEED_MIN).setMaxValue(SPEED_MAX),
  );
