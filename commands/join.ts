import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../src/discord/bot-context.ts';
import { voiceGuildOf } from '../src/discord/discord-guild.ts';
import { replyPrivately } from '../src/discord/reply.ts';
import type { SlashCommand } from './slash-command.ts';

const definition = new SlashCommandBuilder()
  .setName('join')
  .setDescription('Join your voice channel')
  .setContexts(InteractionContextType.Guild);

export const join: SlashCommand<'join'> = {
  name: 'join',
  definition,
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
