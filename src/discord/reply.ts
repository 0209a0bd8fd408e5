import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { safeDisplayText } from '../text/control-characters.ts';

/**
 * Answers an interaction whatever state it is in (fresh, deferred, already answered), privately. The text is cleaned
 * of control and bidi characters (members' input is echoed in answers) and sent with mentions disabled.
 */
export async function replyPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const body = { content: safeDisplayText(content).slice(0, 2000), allowedMentions: { parse: [] } };
  if (interaction.deferred) await interaction.editReply(body);
  else if (interaction.replied) await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
}

/**
 * Sends the private "thinking..." acknowledgement without waiting for Discord, so the work after it overlaps the round
 * trip. Await the result before answering (replyPrivately needs to know the deferral went through).
 */
export function deferPrivately(interaction: RepliableInteraction): Promise<void> {
  const deferred = interaction.deferReply({ flags: MessageFlags.Ephemeral }).then(() => undefined);
  deferred.catch(() => undefined); // awaited by the caller; this only keeps an early failure from counting as unhandled
  return deferred;
}
