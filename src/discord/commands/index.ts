import type { CommandName } from '../../../commands/index.ts';
import { autoreadHandler } from './autoread-command.ts';
import { joinHandler, leaveHandler } from './channel-commands.ts';
import type { CommandHandler } from './command-handler.ts';
import { dictionaryHandler } from './dictionary-command.ts';
import { skipHandler, stopHandler } from './playback-commands.ts';
import { sayHandler } from './say-command.ts';
import { settingsHandler } from './settings-command.ts';
import { voiceHandler } from './voice-command.ts';

/** Handler per command name; the record type makes a missing handler a compile error. */
export const commandHandlers: Readonly<Record<CommandName, CommandHandler>> = {
  say: sayHandler,
  stop: stopHandler,
  skip: skipHandler,
  join: joinHandler,
  leave: leaveHandler,
  autoread: autoreadHandler,
  voice: voiceHandler,
  settings: settingsHandler,
  dictionary: dictionaryHandler,
};
