import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { SPEED, VARIATION } from '../src/limits/speech-limits.ts';
import type { BotContext } from '../src/discord/bot-context.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import { formatVoiceList, voiceProblem } from '../src/discord/speech-choice.ts';
import { variationProblem } from '../src/discord/settings-input.ts';
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
  .addSubcommand((s) =>
    s
      .setName('variation')
      .setDescription('How much sampling voices (Piper) vary each time; leave empty for the server\'s setting')
      .addNumberOption((o) =>
        o
          .setName('amount')
          .setDescription(`${VARIATION.min} = flat and the same every time, 1 = as trained, up to ${VARIATION.max}`)
          .setMinValue(VARIATION.min)
          .setMaxValue(VARIATION.max),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('speakers')
      .setDescription('Auto-read your [engine:voice] speaker tags as several voices, like /say does')
      .addBooleanOption((o) => o.setName('enabled').setDescription('On: read the tags as voices; off: read them as text').setRequired(true)),
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
      case 'variation': {
        const variation = interaction.options.getNumber('amount');
        // Discord enforces the option's range in its own client; a stale registration or another client may not.
        const problem = variation === null ? null : variationProblem(variation);
        if (problem) return replyPrivately(interaction, problem);
        await context.store.updateUser(guildId, userId, { variation });
        return replyPrivately(
          interaction,
          variation === null
            ? 'Your variation now follows the server\'s setting.'
            : `Your variation is now ${variation}. Only voices that sample (Piper) vary; the others sound the same every time anyway.`,
        );
      }
      case 'speakers': {
        const autoreadSpeakers = interaction.options.getBoolean('enabled', true);
        await context.store.updateUser(guildId, userId, { autoreadSpeakers });
        return replyPrivately(
          interaction,
          autoreadSpeakers
            ? 'Auto-read now reads your speaker tags as voices, e.g. `[neural:rms] Hello there. [neural:slt] Hi!`. ' +
              'A message naming a voice that is not installed is not read and gets 🔇 (/say tells you why).'
            : 'Auto-read now reads your speaker tags as plain text.',
        );
      }
      default:
        return replyPrivately(interaction, formatVoiceList(await context.voices.list()));
    }
  },
  autocomplete: autocompleteVoice,
};
