import { MessageFlags, type RepliableInteraction } from 'discord.js';

/** Answers an interaction whatever state it is in (fresh, deferred, already answered), privately. */
export async function replyPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const body = { content: content.slice(0, 2000), allowedMentions: { parse: [] } };
  if (interaction.deferred) await interaction.editReply(body);
  else if (interaction.replied) await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
}
