import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/bot-context.ts';
import { suggestVoices } from '../src/discord/speech-choice.ts';

export async function autocompleteVoice(interaction: AutocompleteInteraction<'cached'>, context: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'voice') return interaction.respond([]);
  await interaction.respond(suggestVoices(await context.voices.list(), String(focused.value)));
}
