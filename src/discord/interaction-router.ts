import type { Interaction } from 'discord.js';
import type { CommandName } from '../../commands/index.ts';
import type { SlashCommand } from '../../commands/slash-command.ts';
import type { BotContext } from './bot-context.ts';
import { errorKind } from './error-kind.ts';
import { friendlyErrorMessage } from './friendly-error.ts';
import { replyPrivately } from './reply.ts';

/**
 * Dispatches one interaction. Everything is caught here: a failing command answers its user with a friendly message
 * and is logged with its guild id, and never reaches other guilds or the process.
 */
export async function routeInteraction(
  interaction: Interaction,
  handlers: Readonly<Record<CommandName, SlashCommand>>,
  context: BotContext,
): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isAutocomplete()) return;
  const handler = Object.hasOwn(handlers, interaction.commandName) ? handlers[interaction.commandName as CommandName] : undefined;
  const fields = { guildId: interaction.guildId, command: interaction.commandName, userId: interaction.user.id };
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.inCachedGuild() || !handler?.autocomplete) return await interaction.respond([]);
      return await handler.autocomplete(interaction, context);
    }
    if (!interaction.inCachedGuild()) return await replyPrivately(interaction, 'Use my commands in a server.');
    if (!handler) return await replyPrivately(interaction, 'I do not know that command any more.');
    if (!context.accepting()) return await replyPrivately(interaction, 'I am restarting. Try again in a moment.');
    await handler.execute(interaction, context);
  } catch (error) {
    context.log.warn({ ...fields, error: error instanceof Error ? error.message : String(error) }, 'command failed');
    const kind = errorKind(error, 'command');
    if (kind !== null) context.metrics?.errors.inc({ kind });
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      return;
    }
    await replyPrivately(interaction, friendlyErrorMessage(error)).catch((replyError: unknown) =>
      context.log.warn({ ...fields, error: replyError instanceof Error ? replyError.message : String(replyError) }, 'could not answer interaction'),
    );
  }
}
