import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { BotContext } from '../bot-context.ts';
import { voiceGuildOf } from '../discord-guild.ts';
import { replyPrivately } from '../reply.ts';
import type { CommandHandler } from './command-handler.ts';

export const joinHandler: CommandHandler = {
  name: 'join',
  async execute(interaction, context: BotContext) {
    const channelId = interaction.member.voice.channelId;
    if (channelId === null) return replyPrivately(interaction, 'Join a voice channel first, then use /join.');
    const current = context.connections.channelIdOf(interaction.guildId);
    if (current === channelId) return replyPrivately(interaction, 'I am already here.');
    if (current !== null && context.playbacks.find(interaction.guildId)?.isPlaying) {
      return replyPrivately(interaction, `I am reading in <#${current}> right now. Use /stop there first.`);
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await context.connections.join(voiceGuildOf(interaction.guild), channelId);
    context.log.info({ guildId: interaction.guildId, channelId }, '/join');
    await replyPrivately(interaction, `Joined <#${channelId}>.`);
  },
};

export const leaveHandler: CommandHandler = {
  name: 'leave',
  async execute(interaction, context: BotContext) {
    const guildId = interaction.guildId;
    const current = context.connections.channelIdOf(guildId);
    if (current === null) return replyPrivately(interaction, 'I am not in a voice channel.');
    const listening = interaction.member.voice.channelId === current;
    if (!listening && !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      return replyPrivately(interaction, `Only people in <#${current}> (or with Manage Server) can make me leave.`);
    }
    context.connections.leave(guildId, 'left');
    context.log.info({ guildId }, '/leave');
    await replyPrivately(interaction, 'Left the voice channel and cleared the queue.');
  },
};
