import type { Guild, GuildMember, Message } from 'discord.js';
import type { MessageTextFacts } from './speech-text.ts';
import type { VoiceGuild } from './voice/voice-connections.ts';

/** The parts of a discord.js Guild the voice manager uses. */
export function voiceGuildOf(guild: Guild): VoiceGuild {
  return {
    id: guild.id,
    voiceAdapterCreator: guild.voiceAdapterCreator,
    botChannelId: () => guild.members.me?.voice.channelId ?? null,
    channelMembers: (channelId) => {
      const channel = guild.channels.cache.get(channelId);
      return channel?.isVoiceBased() ? channel.members.map((m) => ({ id: m.id, bot: m.user.bot })) : [];
    },
  };
}

/** Mentions resolved to the names people see, so "<@123>" is read as "Alice". */
export function messageTextFacts(message: Message<true>): MessageTextFacts {
  return {
    content: message.content,
    userNames: new Map(message.mentions.members?.map((m) => [m.id, m.displayName]) ?? message.mentions.users.map((u) => [u.id, u.displayName])),
    roleNames: new Map(message.mentions.roles.map((r) => [r.id, r.name])),
    channelNames: new Map(message.mentions.channels.map((c) => [c.id, 'name' in c && typeof c.name === 'string' ? c.name : 'a channel'])),
    attachments: message.attachments.map((a) => ({ name: a.name, contentType: a.contentType })),
  };
}

/** /say text as a message: mentions typed into the option still look like <@id>. */
export function commandTextFacts(text: string, guild: Guild): MessageTextFacts {
  const ids = (pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]);
  const userNames = new Map<string, string>();
  for (const id of ids(/<@!?(\d+)>/g)) {
    const member: GuildMember | undefined = guild.members.cache.get(id);
    if (member) userNames.set(id, member.displayName);
  }
  const roleNames = new Map<string, string>();
  for (const id of ids(/<@&(\d+)>/g)) {
    const role = guild.roles.cache.get(id);
    if (role) roleNames.set(id, role.name);
  }
  const channelNames = new Map<string, string>();
  for (const id of ids(/<#(\d+)>/g)) {
    const channel = guild.channels.cache.get(id);
    if (channel) channelNames.set(id, channel.name);
  }
  return { content: text, userNames, roleNames, channelNames, attachments: [] };
}
