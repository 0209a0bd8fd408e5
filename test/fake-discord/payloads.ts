// Builds the JSON shapes of Discord API v10 objects from the fake's fixtures. Field lists follow Discord's docs
// closely enough that discord.js 14 constructs its structures without missing-property crashes.
import type { ChannelFixture, FakeGuild, MemberFixture, RoleFixture, UserFixture, VoiceStateFixture } from './fixtures.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function userPayload(user: UserFixture): JsonObject {
  return {
    id: user.id, username: user.username, global_name: user.bot ? null : user.username, discriminator: '0',
    avatar: null, bot: user.bot, system: false, public_flags: 0, flags: 0,
  };
}

export function memberPayload(member: MemberFixture): JsonObject {
  return {
    user: userPayload(member.user), nick: null, avatar: null, roles: [...member.roleIds], joined_at: member.joinedAt,
    premium_since: null, deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null,
  };
}

export function rolePayload(role: RoleFixture): JsonObject {
  return {
    id: role.id, name: role.name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false, icon: null, unicode_emoji: null, position: role.position, permissions: role.permissions.toString(),
    managed: false, mentionable: false, flags: 0,
  };
}

export function channelPayload(channel: ChannelFixture, withGuildId = true): JsonObject {
  const common: JsonObject = {
    id: channel.id, type: channel.type, name: channel.name, position: channel.position, permission_overwrites: [],
    parent_id: null, nsfw: false, flags: 0,
  };
  if (withGuildId) common.guild_id = channel.guildId;
  if (channel.type === 2) {
    return { ...common, bitrate: channel.bitrate ?? 64000, user_limit: 0, rtc_region: null, video_quality_mode: 1, rate_limit_per_user: 0, last_message_id: null };
  }
  return { ...common, topic: null, rate_limit_per_user: 0, last_message_id: null };
}

export function voiceStatePayload(guild: FakeGuild, state: VoiceStateFixture | { userId: string; channelId: null; sessionId: string }): JsonObject {
  const full = 'selfMute' in state ? state : { ...state, selfMute: false, selfDeaf: false };
  return {
    guild_id: guild.id, channel_id: full.channelId, user_id: full.userId, member: memberPayload(guild.member(full.userId)),
    session_id: full.sessionId, deaf: false, mute: false, self_deaf: full.selfDeaf, self_mute: full.selfMute,
    self_stream: false, self_video: false, suppress: false, request_to_speak_timestamp: null,
  };
}

export function guildCreatePayload(guild: FakeGuild): JsonObject {
  const voiceStates = [...guild.voiceStates.values()].map((s) => {
    const { guild_id: _guildId, member: _member, ...rest } = voiceStatePayload(guild, s);
    return rest;
  });
  return {
    id: guild.id, name: guild.name, icon: null, splash: null, discovery_splash: null, owner_id: guild.ownerId,
    afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 0,
    explicit_content_filter: 0, roles: guild.roles.map(rolePayload), emojis: [], stickers: [], features: [],
    mfa_level: 0, application_id: null, system_channel_id: guild.textChannels[0]?.id ?? null, system_channel_flags: 0,
    rules_channel_id: null, vanity_url_code: null, description: null, banner: null, premium_tier: 0,
    premium_subscription_count: 0, preferred_locale: 'en-US', public_updates_channel_id: null, nsfw_level: 0,
    premium_progress_bar_enabled: false, safety_alerts_channel_id: null,
    // GUILD_CREATE-only fields:
    joined_at: guild.joinedAt, large: false, unavailable: false, member_count: guild.members.length,
    voice_states: voiceStates, members: guild.members.map(memberPayload),
    channels: guild.channels.map((c) => channelPayload(c, false)), threads: [], presences: [], stage_instances: [],
    guild_scheduled_events: [], soundboard_sounds: [],
  };
}

export interface MessageInput {
  id: string;
  guild: FakeGuild;
  channelId: string;
  author: MemberFixture;
  content: string;
  webhookId?: string;
  applicationId?: string;
  interactionId?: string;
  flags?: number;
  extra?: JsonObject;
}

export function messagePayload(input: MessageInput): JsonObject {
  const { author } = input;
  const payload: JsonObject = {
    id: input.id, type: input.interactionId ? 20 : 0, channel_id: input.channelId, guild_id: input.guild.id,
    author: userPayload(author.user), content: input.content, timestamp: new Date().toISOString(),
    edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], mention_channels: [],
    attachments: [], embeds: [], components: [], pinned: false, flags: input.flags ?? 0, nonce: null,
    ...(input.extra ?? {}),
  };
  if (!input.webhookId) {
    const { user: _user, ...member } = memberPayload(author);
    payload.member = member;
  } else {
    payload.webhook_id = input.webhookId;
  }
  if (input.applicationId) payload.application_id = input.applicationId;
  return payload;
}
