import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { SPEED } from '../src/limits/speech-limits.ts';

export const voiceCommand = new SlashCommandBuilder()
  .setName('voice')
  .setDescription('Choose how the bot sounds when it reads your messages')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Pick your voice')
      .addStringOption((o) => o.setName('voice').setDescription('Installed voice (engine:voice)').setRequired(true).setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((s) =>
    s
      .setName('speed')
      .setDescription('Set your speaking speed')
      .addNumberOption((o) =>
        o.setName('speed').setDescription(`${SPEED.min} to ${SPEED.max}, 1 = normal`).setRequired(true).setMinValue(SPEED.min).setMaxValue(SPEED.max),
      ),
  )
  .addSubcommand((s) => s.setName('list').setDescription('List the installed voices'));
