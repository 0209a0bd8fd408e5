import { REST, Routes } from 'discord.js';
import { commandDefinitions } from '../../commands/index.ts';

export interface RegisterOptions {
  readonly token: string;
  readonly clientId: string;
  /** Register in this guild only (instant, for development); null = globally. */
  readonly devGuildId: string | null;
  /** REST base override (a fake Discord in tests). */
  readonly apiUrl: string | null;
}

/** Replaces the bot's slash commands with the ones in commands/. Returns how many Discord now has. */
export async function registerCommands(options: RegisterOptions): Promise<{ count: number; scope: 'guild' | 'global' }> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const body = commandDefinitions();
  const route = options.devGuildId ? Routes.applicationGuildCommands(options.clientId, options.devGuildId) : Routes.applicationCommands(options.clientId);
  const result = await rest.put(route, { body });
  return { count: Array.isArray(result) ? result.length : body.length, scope: options.devGuildId ? 'guild' : 'global' };
}
