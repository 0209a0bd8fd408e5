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
  readonly stats: GatewayStats = { connections: 0, identifies: 0, resumes: 0, heartbeats: 0, heartbeatSeqs: [], received: [], withheld: [] };
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly world: FakeWorld;
  private readonly options: GatewayServerOptions;
  private readonly sessions = new Map<string, GatewaySession>();
  private current: GatewaySession | undefined;
  /** Set once READY was sent: guilds created later are announced with GUILD_CREATE straight away. */
  private readyGuildIds = new Set<string>();

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

  /** Sends (or, while disconnected, queues for RESUME) a dispatch event to the bot. */
  dispatch(type: string, data: JsonObject): void {
    const session = this.current;
    if (!session) throw new Error(`Cannot dispatch ${type}: no bot has identified with the fake gateway yet`);
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
    if (!this.current || this.readyGuildIds.has(guild.id)) return;
    this.readyGuildIds.add(guild.id);
    this.dispatch('GUILD_CREATE', guildCreatePayload(guild));
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
    const shard = d.shard;
    if (Array.isArray(shard) && (shard[0] !== 0 || shard[1] !== 1)) {
      socket.close(4010, 'Invalid shard.');
      return undefined;
    }
    this.stats.identifies += 1;
    const session: GatewaySession = { id: randomSessionId(), seq: 0, history: [], socket, intents: Number(d.intents ?? 0) };
    this.sessions.set(session.id, session);
    // The newest identified session receives injected events; older ones stay open but idle.
    this.current = session;
    const guilds = [...this.world.guilds.values()];
    this.readyGuildIds = new Set(guilds.map((g) => g.id));
    this.dispatch('READY', {
      v: 10, user: { ...userPayload(this.world.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })), session_id: session.id,
      resume_gateway_url: this.options.gatewayUrl(), shard: [0, 1],
      application: { id: this.world.applicationId, flags: 0 }, user_settings: {}, relationships: [],
      private_channels: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: ['fake'], auth: {},
      _trace: ['fake-discord'],
    });
    for (const guild of guilds) this.dispatch('GUILD_CREATE', guildCreatePayload(guild));
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
    this.current = session;
    const lastSeen = d.seq;
    for (const payload of session.history) {
      if ((payload.s ?? 0) > lastSeen) socket.send(JSON.stringify(payload));
    }
    this.dispatch('RESUMED', { _trace: ['fake-discord'] });
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
        this.dispatch('GUILD_MEMBERS_CHUNK', { guild_id: guild.id, members, chunk_index: 0, chunk_count: 1, nonce: (d.nonce as string | undefined) ?? null });
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
    const session = this.current;
    if (!guild || !session) return;
    const botId = this.world.botUser.id;
    const channelId = typeof d.channel_id === 'string' ? d.channel_id : null;
    if (channelId !== null && !guild.voiceChannels.some((c) => c.id === channelId)) return;
    if (channelId === null) {
      const wasIn = guild.voiceStates.delete(botId);
      this.dispatch('VOICE_STATE_UPDATE', voiceStatePayload(guild, { userId: botId, channelId: null, sessionId: session.id }));
      if (wasIn) this.options.voice.end(guild.id, botId);
      return;
    }
    const state = { userId: botId, channelId, sessionId: session.id, selfMute: d.self_mute === true, selfDeaf: d.self_deaf === true };
    guild.voiceStates.set(botId, state);
    this.dispatch('VOICE_STATE_UPDATE', voiceStatePayload(guild, state));
    const server = this.options.voice.issue(guild.id, botId, session.id);
    this.dispatch('VOICE_SERVER_UPDATE', { token: server.token, guild_id: guild.id, endpoint: server.endpoint });
  }

  /** Test control: moves (or with null disconnects) a member in voice, telling the bot like Discord would. */
  moveMember(guild: FakeGuild, userId: string, channelId: string | null): void {
    guild.member(userId);
    const botId = this.world.botUser.id;
    const sessionId = userId === botId ? (this.current?.id ?? randomSessionId()) : (guild.voiceStates.get(userId)?.sessionId ?? randomSessionId());
    if (channelId === null) {
      const wasIn = guild.voiceStates.delete(userId);
      if (this.current) this.dispatch('VOICE_STATE_UPDATE', voiceStatePayload(guild, { userId, channelId: null, sessionId }));
      if (wasIn && userId === botId) this.options.voice.end(guild.id, botId);
      return;
    }
    const channel = guild.channel(channelId);
    if (channel.type !== 2) throw new Error(`Channel "${channel.name}" is not a voice channel`);
    const state = { userId, channelId: channel.id, sessionId, selfMute: false, selfDeaf: false };
    guild.voiceStates.set(userId, state);
    if (!this.current) return;
    this.dispatch('VOICE_STATE_UPDATE', voiceStatePayload(guild, state));
    if (userId === botId) {
      // Moving the bot hands it a fresh voice server token, so @discordjs/voice re-establishes networking.
      const server = this.options.voice.issue(guild.id, botId, sessionId);
      this.dispatch('VOICE_SERVER_UPDATE', { token: server.token, guild_id: guild.id, endpoint: server.endpoint });
    }
  }
}
