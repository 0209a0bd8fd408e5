import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { CommandName } from '../../../commands/index.ts';
import type { BotContext } from '../bot-context.ts';

export interface CommandHandler {
  readonly name: CommandName;
  /** Must answer the interaction (reply or defer + edit) on every path; the router answers if it throws. */
  execute(interaction: ChatInputCommandInteraction<'cached'>, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction<'cached'>, context: BotContext): Promise<void>;
}
