import { PermissionFlagsBits } from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { checkManageServer } from '../permissions.ts';
import { replyPrivately } from '../reply.ts';
import type { CommandHandler } from './command-handler.ts';

export const autoreadHandler: CommandHandler = {
  name: 'autoread',
  async execute(interaction, context: BotContext) {
    const allowed = checkManageServer(interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild));
    if (!allowed.allowed) return replyPrivately(interaction, allowed.message);
    const guildId = interaction.guildId;
    if (interaction.options.getSubcommand() === 'off') {
      await context.store.updateGuild(guildId, { autoreadChannelId: null });
      context.log.info({ guildId }, 'auto-read off');
      return replyPrivately(interaction, 'Auto-read is off.');
    }
    // Discord sends the picked channel along; fall back to the cache by id when a payload lacks it.
    const channelId = String(interaction.options.get('channel', true).value);
    const channel = interaction.options.getChannel('channel') ?? interaction.guild.channels.cache.get(channelId);
    if (!channel) return replyPrivately(interaction, 'I cannot see that channel. Check my permissions there.');
    if (!channel.isTextBased()) return replyPrivately(interaction, 'Pick a channel people write in.');
    await context.store.updateGuild(guildId, { autoreadChannelId: channel.id });
    context.log.info({ guildId, channelId: channel.id }, 'auto-read on');
    const intentNote = context.hasMessageContent
      ? ''
      : '\nNote: I was started without the Message Content intent, so I will read messages after my next restart.';
    await replyPrivately(interaction, `I will read new messages in <#${channel.id}> aloud.${intentNote}`);
  },
};
