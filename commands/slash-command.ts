import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../src/discord/bot-context.ts';

/**
 * One slash command in one file (commands/<name>.ts): what Discord shows and what the bot does, side by side.
 * `definition.toJSON().name` must be `name` (test/commands/index.test.ts checks it).
 */
export interface SlashCommand<Name extends string = string> {
  readonly name: Name;
  /** The builder whose JSON is registered with Discord (PUT /applications/{id}/commands). */
  readonly definition: { toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Must answer the interaction (reply or defer + edit) on every path; the router answers if it throws. */
  execute(interaction: ChatInputCommandInteraction<'cached'>, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction<'cached'>, context: BotContext): Promise<void>;
}
