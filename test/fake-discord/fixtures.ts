import { randomBytes } from 'node:crypto';

/** Permission bits the fake gives @everyone so a bot can see, talk and join voice without extra setup. */
export const PERMISSIONS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  connect: 1n << 20n,
  speak: 1n << 21n,
  useVoiceActivity: 1n << 25n,
  useApplicationCommands: 1n << 31n,
  administrator: 1n << 3n,
} as const;

export const DEFAULT_EVERYONE_PERMISSIONS =
  PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.embedLinks | PERMISSIONS.attachFiles |
  PERMISSIONS.readMessageHistory | PERMISSIONS.connect | PERMISSIONS.speak | PERMISSIONS.useVoiceActivity |
  PERMISSIONS.useApplicationCommands;

export const CHANNEL_TYPE = { text: 0, voice: 2 } as const;

export interface UserFixture {
  id: string;
  username: string;
  bot: boolean;
}

export interface RoleFixture {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
}

export interface ChannelFixture {
  id: string;
  name: string;
  type: 0 | 2;
  guildId: string;
  position: number;
  /** Voice channels: bits per second (Discord's default 64000). */
  bitrate?: number;
}

export interface MemberFixture {
  user: UserFixture;
  roleIds: string[];
  joinedAt: string;
}

export interface VoiceStateFixture {
  userId: string;
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export type NamedInput = string | { name: string; id?: string; bitrate?: number };

export interface MemberInput {
  username: string;
  id?: string;
  /** Role names from the guild's `roles`. */
  roles?: string[];
  /** Name of a voice channel the member is already sitting in. */
  voiceChannel?: string;
  bot?: boolean;
}

export interface GuildInput {
  id?: string;
  name?: string;
  /** Defaults to ['general']. */
  textChannels?: NamedInput[];
  /** Defaults to ['Voice']. */
  voiceChannels?: NamedInput[];
  /** Extra roles besides @everyone. */
  roles?: { name: string; id?: string; permissions?: bigint }[];
  /** Human members; the bot is always added as a member too. */
  members?: (string | MemberInput)[];
  /** Permissions of @everyone; defaults to DEFAULT_EVERYONE_PERMISSIONS. */
  everyonePermissions?: bigint;
}

export function randomSessionId(): string {
  return randomBytes(16).toString('hex');
}

/** One guild's state as the fake server knows it. Tests read ids from it; the fake mutates it. */
export class FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly roles: RoleFixture[] = [];
  readonly textChannels: ChannelFixture[] = [];
  readonly voiceChannels: ChannelFixture[] = [];
  readonly members: MemberFixture[] = [];
  readonly voiceStates = new Map<string, VoiceStateFixture>();
  readonly joinedAt = new Date().toISOString();

  constructor(input: GuildInput, botUser: UserFixture, nextId: () => string, usersById: Map<string, UserFixture>) {
    this.id = input.id ?? nextId();
    this.name = input.name ?? `Guild ${this.id}`;
    this.roles.push({ id: this.id, name: '@everyone', permissions: input.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS, position: 0 });
    for (const [index, role] of (input.roles ?? []).entries()) {
      this.roles.push({ id: role.id ?? nextId(), name: role.name, permissions: role.permissions ?? 0n, position: index + 1 });
    }
    const toChannel = (type: 0 | 2) => (entry: NamedInput, position: number): ChannelFixture => {
      const named = typeof entry === 'string' ? { name: entry } : entry;
      const bitrate = typeof entry === 'string' ? undefined : entry.bitrate;
      return { id: named.id ?? nextId(), name: named.name, type, guildId: this.id, position, ...(bitrate !== undefined ? { bitrate } : {}) };
    };
    this.textChannels.push(...(input.textChannels ?? ['general']).map(toChannel(CHANNEL_TYPE.text)));
    this.voiceChannels.push(...(input.voiceChannels ?? ['Voice']).map(toChannel(CHANNEL_TYPE.voice)));

    const memberInputs = (input.members ?? []).map((m) => (typeof m === 'string' ? { username: m } : m));
    const humans = memberInputs.map((m): MemberFixture => {
      const user = usersById.get(m.id ?? '') ?? { id: m.id ?? nextId(), username: m.username, bot: m.bot ?? false };
      usersById.set(user.id, user);
      return { user, roleIds: (m.roles ?? []).map((roleName) => this.role(roleName).id), joinedAt: this.joinedAt };
    });
    this.ownerId = humans[0]?.user.id ?? botUser.id;
    this.members.push({ user: botUser, roleIds: [], joinedAt: this.joinedAt }, ...humans);
    for (const [index, m] of memberInputs.entries()) {
      if (m.voiceChannel === undefined) continue;
      const userId = humans[index].user.id;
      this.voiceStates.set(userId, {
        userId, channelId: this.channel(m.voiceChannel).id, sessionId: randomSessionId(), selfMute: false, selfDeaf: false,
      });
    }
  }

  get channels(): ChannelFixture[] {
    return [...this.textChannels, ...this.voiceChannels];
  }

  /** Finds a channel by name or id; throws a readable error for typos in tests. */
  channel(nameOrId: string): ChannelFixture {
    const found = this.channels.find((c) => c.name === nameOrId || c.id === nameOrId);
    if (!found) throw new Error(`Guild "${this.name}" has no channel "${nameOrId}" (has: ${this.channels.map((c) => c.name).join(', ')})`);
    return found;
  }

  member(usernameOrId: string): MemberFixture {
    const found = this.members.find((m) => m.user.username === usernameOrId || m.user.id === usernameOrId);
    if (!found) throw new Error(`Guild "${this.name}" has no member "${usernameOrId}"`);
    return found;
  }

  role(nameOrId: string): RoleFixture {
    const found = this.roles.find((r) => r.name === nameOrId || r.id === nameOrId);
    if (!found) throw new Error(`Guild "${this.name}" has no role "${nameOrId}"`);
    return found;
  }

  /** The member's effective guild-level permissions (@everyone + their roles), as Discord computes them. */
  permissionsOf(userId: string): bigint {
    const member = this.member(userId);
    let bits = this.roles[0].permissions;
    for (const roleId of member.roleIds) bits |= this.role(roleId).permissions;
    if (userId === this.ownerId || (bits & PERMISSIONS.administrator) !== 0n) return (1n << 53n) - 1n;
    return bits;
  }
}
