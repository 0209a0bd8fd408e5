import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { autoread } from './autoread.ts';
import { dictionary } from './dictionary.ts';
import { join } from './join.ts';
import { leave } from './leave.ts';
import { say } from './say.ts';
import { settings } from './settings.ts';
import { skip } from './skip.ts';
import type { SlashCommand } from './slash-command.ts';
import { stop } from './stop.ts';
import { voice } from './voice.ts';

/** Every slash command the bot registers, in the order Discord shows them. */
const slashCommands = [say, stop, skip, join, leave, autoread, voice, settings, dictionary] as const;

export type CommandName = (typeof slashCommands)[number]['name'];

/** The JSON bodies sent to PUT /applications/{id}/commands. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return slashCommands.map((command) => command.definition.toJSON());
}

/** Each command by its name, for the interaction router. */
export const commandHandlers: Readonly<Record<CommandName, SlashCommand>> = Object.fromEntries(
  slashCommands.map((command) => [command.name, command]),
) as Record<CommandName, SlashCommand>;
