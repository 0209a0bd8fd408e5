import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { SPEED } from '../src/limits/speech-limits.ts';
import type { BotContext } from '../src/discord/bot-context.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import { formatVoiceList, voiceProblem } from '../src/discord/speech-choice.ts';
import { autocompleteVoice } from './voice-autocomplete.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
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

export const voice: SlashCommand<'voice'> = {
  name: 'voice',
  definition,
  async execute(interaction, context: BotContext) {
    const { guildId } = interaction;
    const userId = interaction.user.id;
    switch (interaction.options.getSubcommand()) {
      case 'set': {
        const voice = interaction.options.getString('voice', true).trim();
        const problem = voiceProblem(voice, await context.voices.list());
        if (problem) return replyPrivately(interaction, problem);
        await context.store.updateUser(guildId, userId, { voice });
        return replyPrivately(interaction, `Your voice is now ${voice}.`);
      }
      case 'speed': {
        const speed = interaction.options.getNumber('speed', true);
        await context.store.updateUser(guildId, userId, { speed });
        return replyPrivately(interaction, `Your speed is now ${speed}.`);
      }
      default:
        return replyPrivately(interaction, formatVoiceList(await context.voices.list()));
    }
  },
  autocomplete: autocompleteVoice,
};
