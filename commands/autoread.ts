import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../src/discord/bot-context.ts';
import { checkManageServer } from '../src/discord/permissions.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
  .setName('autoread')
  .setDescription('Read every new message of a text channel aloud')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName('channel')
      .setDescription('Read this channel aloud')
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Text channel to read')
          .setRequired(true)
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildVoice),
      ),
  )
  .addSubcommand((s) => s.setName('off').setDescription('Stop reading a channel automatically'));

export const autoread: SlashCommand<'autoread'> = {
  name: 'autoread',
  definition,
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
