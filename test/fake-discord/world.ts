import { randomBytes } from 'node:crypto';
import { FakeGuild } from './fixtures.ts';
import type { GuildInput, UserFixture } from './fixtures.ts';
import type { JsonObject } from './payloads.ts';
import { createSnowflakeGenerator } from './snowflake.ts';

/** One reply-like thing the bot did to an interaction (callback, edit of the original, follow-up, delete). */
export interface InteractionReply {
  interactionId: string;
  kind: 'callback' | 'edit' | 'followup' | 'delete';
  /** Interaction callback type for kind 'callback': 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete. */
  callbackType?: number;
  content?: string;
  flags: number;
  ephemeral: boolean;
  /** The parsed request body as the bot sent it. */
  body: unknown;
  messageId?: string;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  acknowledged: boolean;
  ephemeral: boolean;
  original?: JsonObject;
  replies: InteractionReply[];
}

export interface ChannelMessageRecord {
  channelId: string;
  guildId: string;
  messageId: string;
  content: string;
  body: unknown;
  at: number;
}

export interface RegisteredCommand extends JsonObject {
  id: string;
  name: string;
}

/** The fake Discord's shared state: who the bot is, guilds, interactions and what the bot sent. */
export class FakeWorld {
  readonly nextId = createSnowflakeGenerator();
  readonly botUser: UserFixture;
  readonly applicationId: string;
  readonly guilds = new Map<string, FakeGuild>();
  readonly users = new Map<string, UserFixture>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly channelMessages: ChannelMessageRecord[] = [];
  readonly globalCommands: RegisteredCommand[] = [];
  readonly guildCommands = new Map<string, RegisteredCommand[]>();

  constructor(options: { botUserId?: string; botUsername?: string; applicationId?: string }) {
    this.botUser = { id: options.botUserId ?? this.nextId(), username: options.botUsername ?? 'FakeTTSBot', bot: true };
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.users.set(this.botUser.id, this.botUser);
  }

  addGuild(input: GuildInput): FakeGuild {
    if (input.id !== undefined && this.guilds.has(input.id)) throw new Error(`Guild ${input.id} already exists`);
    const guild = new FakeGuild(input, this.botUser, this.nextId, this.users);
    this.guilds.set(guild.id, guild);
    return guild;
  }

  guild(id: string): FakeGuild {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`The fake Discord has no guild ${id}`);
    return guild;
  }

  guildOfChannel(channelId: string): FakeGuild | undefined {
    for (const guild of this.guilds.values()) {
      if (guild.channels.some((c) => c.id === channelId)) return guild;
    }
    return undefined;
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    for (const record of this.interactions.values()) if (record.token === token) return record;
    return undefined;
  }

  newInteractionToken(): string {
    return `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`;
  }
}
