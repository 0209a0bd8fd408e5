import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { autoreadCommand } from './autoread.ts';
import { dictionaryCommand } from './dictionary.ts';
import { joinCommand } from './join.ts';
import { leaveCommand } from './leave.ts';
import { sayCommand } from './say.ts';
import { settingsCommand } from './settings.ts';
import { skipCommand } from './skip.ts';
import { stopCommand } from './stop.ts';
import { voiceCommand } from './voice.ts';

/** Every slash command the bot registers, in the order Discord shows them. */
export const commandBuilders = [
  sayCommand,
  stopCommand,
  skipCommand,
  joinCommand,
  leaveCommand,
  autoreadCommand,
  voiceCommand,
  settingsCommand,
  dictionaryCommand,
] as const;

export type CommandName = 'say' | 'stop' | 'skip' | 'join' | 'leave' | 'autoread' | 'voice' | 'settings' | 'dictionary';

/** The JSON bodies sent to PUT /applications/{id}/commands. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commandBuilders.map((builder) => builder.toJSON());
}
