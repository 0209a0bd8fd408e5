import { ChannelType, PermissionFlagsBits, InteractionContextType, SlashCommandBuilder } from 'discord.js';

export const autoreadCommand = new SlashCommandBuilder()
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
