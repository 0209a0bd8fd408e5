// The gateway half of the fake: Discord gateway v10, JSON encoding, no transport compression (what discord.js 14
// uses unless zlib-sync is installed), with READY/GUILD_CREATE, heartbeats, RESUME replay and voice state updates.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { randomSessionId } from './fixtures.ts';
import type { FakeGuild } from './fixtures.ts';
import { guildCreatePayload, userPayload, voiceStatePayload } from './payloads.ts';
import type { JsonObject } from './payloads.ts';
import { shardForGuild } from './snowflake.ts';
import { preciseNow } from './wait.ts';
import type { FakeWorld } from './world.ts';

export const GATEWAY_OP = {
  dispatch: 0, heartbeat: 1, identify: 2, presenceUpdate: 3, voiceStateUpdate: 4, resume: 6, reconnect: 7,
  requestGuildMembers: 8, invalidSession: 9, hello: 10, heartbeatAck: 11,
} as const;

export interface GatewayPayload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

/** A bot's gateway session; it outlives its websocket so a RESUME can replay what was missed. */
export interface GatewaySession {
  id: string;
  seq: number;
  /** Every dispatch sent in this session, for RESUME replay. */
  history: GatewayPayload[];
  socket: WebSocket | null;
  intents: number;
  /** [shard_id, num_shards] from IDENTIFY; [0, 1] for an unsharded bot. */
  shard: [number, number];
  /** Guilds this session has been told about (READY, or GUILD_CREATE since), so later joins are announced once. */
  guildIds: Set<string>;
}

/** The shard an IDENTIFY asks for, or undefined when it is malformed (Discord closes with 4010 Invalid shard). */
function parseShard(value: unknown): [number, number] | undefined {
  if (value === undefined || value === null) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
  const shardId = id as number;
  const shardCount = count as number;
  return shardCount >= 1 && shardId >= 0 && shardId < shardCount ? [shardId, shardCount] : undefined;
}

/** Intent bit a guild dispatch needs; Discord withholds the event from sessions that did not ask for it. */
const REQUIRED_INTENT: Record<string, number> = {
  GUILD_CREATE: 1 << 0, GUILD_MEMBER_ADD: 1 << 1, VOICE_STATE_UPDATE: 1 << 7, MESSAGE_CREATE: 1 << 9,
};
export const MESSAGE_CONTENT_INTENT = 1 << 15;

export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  /** Sequence numbers the client reported in its heartbeats, in order. */
  heartbeatSeqs: (number | null)[];
  /** The [shard_id, num_shards] of every successful IDENTIFY, in order. */
  identifiedShards: [number, number][];
  /** Every payload the client sent (tokens redacted), with arrival time. */
  received: { payload: GatewayPayload; at: number }[];
  /** Dispatches not sent because the session lacked the intent (e.g. MESSAGE_CREATE without GuildMessages). */
  withheld: { type: string; missingIntent: number }[];
}

export interface VoiceServerIssuer {
  /** Called when the bot asks to join `channelId`; returns the VOICE_SERVER_UPDATE endpoint and token. */
  issue(guildId: string, userId: string, sessionId: string): { endpoint: string; token: string };
  /** Called when the bot leaves voice in `guildId`: the voice server ends that session (close 4014). */
  end(guildId: string, userId: string): void;
}

export interface GatewayServerOptions {
  heartbeatIntervalMs: number;
  token?: string;
  gatewayUrl: () => string;
  voice: VoiceServerIssuer;
}

function redact(payload: GatewayPayload): GatewayPayload {
  if ((payload.op === GATEWAY_OP.identify || payload.op === GATEWAY_OP.resume) && payload.d && typeof payload.d === 'object') {
    return { ...payload, d: { ...(payload.d as JsonObject), token: '[redacted]' } };
  }
  return payload;
}

export class GatewayServer {
  readonly stats: GatewayStats = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0, heartbeatSeqs: [], identifiedShards: [], received: [], withheld: [] };
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly world: FakeWorld;
  private readonly options: GatewayServerOptions;
  private readonly sessions = new Map<string, GatewaySession>();
  /** The newest identified (or resumed) session: what the unsharded helpers (drop, invalidateSession...) act on. */
  private current: GatewaySession | undefined;
  /** The live session of each shard id, for the shard count of the newest IDENTIFY. */
  private readonly byShard = new Map<number, GatewaySession>();

  constructor(world: FakeWorld, options: GatewayServerOptions) {
    this.world = world;
    this.options = options;
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  /** http server 'upgrade' listener. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  };

  /** The bot's live session, if it has identified. */
  get session(): GatewaySession | undefined {
    return this.current;
  }

  get connected(): boolean {
    return this.current?.socket?.readyState === WebSocket.OPEN;
  }

  /** Sessions by shard id, for a sharded bot (an unsharded bot has one entry, shard 0). */
  get shardSessions(): ReadonlyMap<number, GatewaySession> {
    return this.byShard;
  }

  /**
   * The session that receives a guild's events: the one for shard (guild_id >> 22) % num_shards, like Discord.
   * For an unsharded bot that is simply the newest session.
   */
  sessionForGuild(guildId: string): GatewaySession | undefined {
    const count = this.current?.shard[1] ?? 1;
    if (count <= 1) return this.current;
    return this.byShard.get(shardForGuild(guildId, count));
  }

  /**
   * Sends (or, while disconnected, queues for RESUME) a dispatch event to the bot: to the shard of `guildId` when
   * given, otherwise to the newest session.
   */
  dispatch(type: string, data: JsonObject, guildId?: string): void {
    const session = guildId === undefined ? this.current : this.sessionForGuild(guildId);
    if (!session) {
      const which = guildId === undefined ? '' : ` for guild ${guildId}`;
      throw new Error(`Cannot dispatch ${type}: no bot session${which} has identified with the fake gateway yet`);
    }
    this.dispatchTo(session, type, data);
  }

  private dispatchTo(session: GatewaySession, type: string, data: JsonObject): void {
    const intent = REQUIRED_INTENT[type];
    if (intent !== undefined && (session.intents & intent) === 0) {
      this.stats.withheld.push({ type, missingIntent: intent });
      return;
    }
    session.seq += 1;
    const payload: GatewayPayload = { op: GATEWAY_OP.dispatch, d: data, s: session.seq, t: type };
    session.history.push(payload);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  /** Announces a guild created after READY, as Discord does when a bot joins a guild. */
  announceGuild(guild: FakeGuild): void {
    const session = this.sessionForGuild(guild.id);
    if (!session || session.guildIds.has(guild.id)) return;
    session.guildIds.add(guild.id);
    this.dispatchTo(session, 'GUILD_CREATE', guildCreatePayload(guild));
  }

  /**
   * Drops the bot's gateway websocket. A close code the client treats as resumable (default 4000, or any
   * non-4xxx code) makes discord.js reconnect and RESUME; `terminate` kills the TCP connection without a close frame.
   */
  drop(options: { code?: number; terminate?: boolean } = {}): void {
    const socket = this.current?.socket;
    if (!socket) throw new Error('The bot is not connected to the fake gateway');
    if (options.terminate) socket.terminate();
    else socket.close(options.code ?? 4000, 'fake discord dropped the connection');
  }

  /** Sends op 7 RECONNECT: the client closes and resumes. */
  requestReconnect(): void {
    this.sendTo(this.current?.socket ?? null, { op: GATEWAY_OP.reconnect, d: null });
  }

  /** Sends op 9 INVALID_SESSION; with resumable=false the session is forgotten and the client must IDENTIFY again. */
  invalidateSession(resumable = false): void {
    const session = this.current;
    if (!session) return;
    if (!resumable) this.sessions.delete(session.id);
    this.sendTo(session.socket, { op: GATEWAY_OP.invalidSession, d: resumable });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private sendTo(socket: WebSocket | null, payload: GatewayPayload): void {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  private onConnection(socket: WebSocket): void {
    this.stats.connections += 1;
    let session: GatewaySession | undefined;
    socket.on('message', (raw: RawData, isBinary: boolean) => {
      let payload: GatewayPayload;
      try {
        if (isBinary) throw new Error('binary frames are only valid with etf encoding');
        payload = JSON.parse(raw.toString()) as GatewayPayload;
        if (typeof payload.op !== 'number') throw new Error('missing op');
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      this.stats.received.push({ payload: redact(payload), at: preciseNow() });
      switch (payload.op) {
        case GATEWAY_OP.heartbeat:
          this.stats.heartbeats += 1;
          this.stats.heartbeatSeqs.push(typeof payload.d === 'number' ? payload.d : null);
          this.sendTo(socket, { op: GATEWAY_OP.heartbeatAck, d: null });
          return;
        case GATEWAY_OP.identify:
          if (session) {
            socket.close(4005, 'Already authenticated.');
            return;
          }
          session = this.identify(socket, payload.d as JsonObject);
          return;
        case GATEWAY_OP.resume:
          if (session) {
            socket.close(4005, 'Already authenticated.');
            return;
          }
          session = this.resume(socket, payload.d as JsonObject);
          return;
        default:
          if (!session) {
            socket.close(4003, 'Not authenticated.');
            return;
          }
          this.handleSessionOp(payload);
      }
    });
    socket.on('close', () => {
      if (session && session.socket === socket) session.socket = null;
    });
    socket.on('error', () => socket.terminate());
    this.sendTo(socket, { op: GATEWAY_OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['fake-discord'] } });
  }

  private tokenOk(d: JsonObject): boolean {
    return typeof d.token === 'string' && d.token.length > 0 && (this.options.token === undefined || d.token === this.options.token);
  }

  private identify(socket: WebSocket, d: JsonObject): GatewaySession | undefined {
    if (!this.tokenOk(d)) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    const shard = parseShard(d.shard);
    if (!shard) {
      socket.close(4010, 'Invalid shard.');
      return undefined;
    }
    this.stats.identifies += 1;
    this.stats.identifiedShards.push(shard);
    const [shardId, shardCount] = shard;
    const guilds = [...this.world.guilds.values()].filter((g) => shardForGuild(g.id, shardCount) === shardId);
    const session: GatewaySession = {
      id: randomSessionId(), seq: 0, history: [], socket, intents: Number(d.intents ?? 0), shard, guildIds: new Set(guilds.map((g) => g.id)),
    };
    this.sessions.set(session.id, session);
    // The newest identified session of a shard receives that shard's events; older ones stay open but idle.
    // A different shard count means the bot was restarted with a new layout: the old shards' routes are stale.
    if (this.current && this.current.shard[1] !== shardCount) this.byShard.clear();
    this.current = session;
    this.byShard.set(shardId, session);
    this.dispatchTo(session, 'READY', {
      v: 10, user: { ...userPayload(this.world.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })), session_id: session.id,
      resume_gateway_url: this.options.gatewayUrl(), shard,
      application: { id: this.world.applicationId, flags: 0 }, user_settings: {}, relationships: [],
      private_channels: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: ['fake'], auth: {},
      _trace: ['fake-discord'],
    });
    for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', guildCreatePayload(guild));
    return session;
  }

  private resume(socket: WebSocket, d: JsonObject): GatewaySession | undefined {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!this.tokenOk(d)) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    if (!session || typeof d.seq !== 'number' || d.seq > session.seq) {
      this.sendTo(socket, { op: GATEWAY_OP.invalidSession, d: false });
      return undefined;
    }
    this.stats.resumes += 1;
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    if (this.current && this.current.shard[1] !== session.shard[1]) this.byShard.clear();
    this.current = session;
    this.byShard.set(session.shard[0], session);
    const lastSeen = d.seq;
    for (const payload of session.history) {
      if ((payload.s ?? 0) > lastSeen) socket.send(JSON.stringify(payload));
    }
    this.dispatchTo(session, 'RESUMED', { _trace: ['fake-discord'] });
    return session;
  }

  private handleSessionOp(payload: GatewayPayload): void {
    switch (payload.op) {
      case GATEWAY_OP.voiceStateUpdate:
        this.onVoiceStateUpdate(payload.d as JsonObject);
        return;
      case GATEWAY_OP.requestGuildMembers: {
        const d = payload.d as JsonObject;
        const guild = typeof d.guild_id === 'string' ? this.world.guilds.get(d.guild_id) : undefined;
        if (!guild) return;
        const members = guild.members.map((m) => ({
          user: userPayload(m.user), roles: m.roleIds, joined_at: m.joinedAt, deaf: false, mute: false, flags: 0,
        }));
        this.dispatch('GUILD_MEMBERS_CHUNK', { guild_id: guild.id, members, chunk_index: 0, chunk_count: 1, nonce: (d.nonce as string | undefined) ?? null }, guild.id);
        return;
      }
      default:
        // Presence updates and other ops need no answer from the fake.
        return;
    }
  }

  /** Op 4 from the bot: join, move or leave voice. Discord answers VOICE_STATE_UPDATE, then VOICE_SERVER_UPDATE. */
  private onVoiceStateUpdate(d: JsonObject): void {
    const guildId = typeof d.guild_id === 'string' ? d.guild_id : '';
    const guild = this.world.guilds.get(guildId);
    const session = this.sessionForGuild(guildId);
    if (!guild || !session) return;
    const botId = this.world.botUser.id;
    const channelId = typeof d.channel_id === 'string' ? d.channel_id : null;
    if (channelId !== null && !guild.voiceChannels.some((c) => c.id === channelId)) return;
    if (channelId === null) {
      const wasIn = guild.voiceStates.delete(botId);
      this.dispatchTo(session, 'VOICE_STATE_UPDATE', voiceStatePayload(guild, { userId: botId, channelId: null, sessionId: session.id }));
      if (wasIn) this.options.voice.end(guild.id, botId);
      return;
    }
    const state = { userId: botId, channelId, sessionId: session.id, selfMute: d.self_mute === true, selfDeaf: d.self_deaf === true };
    guild.voiceStates.set(botId, state);
    this.dispatchTo(session, 'VOICE_STATE_UPDATE', voiceStatePayload(guild, state));
    const server = this.options.voice.issue(guild.id, botId, session.id);
    this.dispatchTo(session, 'VOICE_SERVER_UPDATE', { token: server.token, guild_id: guild.id, endpoint: server.endpoint });
  }

  /** Test control: moves (or with null disconnects) a member in voice, telling the bot like Discord would. */
  moveMember(guild: FakeGuild, userId: string, channelId: string | null): void {
    guild.member(userId);
    const botId = this.world.botUser.id;
    const session = this.sessionForGuild(guild.id);
    const sessionId = userId === botId ? (session?.id ?? randomSessionId()) : (guild.voiceStates.get(userId)?.sessionId ?? randomSessionId());
    if (channelId === null) {
      const wasIn = guild.voiceStates.delete(userId);
      if (session) this.dispatchTo(session, 'VOICE_STATE_UPDATE', voiceStatePayload(guild, { userId, channelId: null, sessionId }));
      if (wasIn && userId === botId) this.options.voice.end(guild.id, botId);
      return;
    }
    const channel = guild.channel(channelId);
    if (channel.type !== 2) throw new Error(`Channel "${channel.name}" is not a voice channel`);
    const state = { userId, channelId: channel.id, sessionId, selfMute: false, selfDeaf: false };
    guild.voiceStates.set(userId, state);
    if (!session) return;
    this.dispatchTo(session, 'VOICE_STATE_UPDATE', voiceStatePayload(guild, state));
    if (userId === botId) {
      // Moving the bot hands it a fresh voice server token, so @discordjs/voice re-establishes networking.
      const server = this.options.voice.issue(guild.id, botId, sessionId);
      this.dispatchTo(session, 'VOICE_SERVER_UPDATE', { token: server.token, guild_id: guild.id, endpoint: server.endpoint });
    }
  }
}
