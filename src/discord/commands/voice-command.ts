import type { BotContext } from '../bot-context.ts';
import { replyPrivately } from '../reply.ts';
import { formatVoiceList, voiceProblem } from '../speech-choice.ts';
import type { CommandHandler } from './command-handler.ts';
import { autocompleteVoice } from './voice-autocomplete.ts';

export const voiceHandler: CommandHandler = {
  name: 'voice',
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
