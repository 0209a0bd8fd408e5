// The voice half of the fake: voice gateway v8 over TLS (wss://), UDP IP discovery and RTP intake per session.
import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { ENCRYPTION_MODES, buildIpDiscoveryResponse, parseIpDiscoveryRequest } from './rtp.ts';
import type { EncryptionMode } from './rtp.ts';
import type { JsonObject } from './payloads.ts';
import type { VoiceReceiver } from './voice-receiver.ts';
import { preciseNow } from './wait.ts';
import type { VoiceServerIssuer } from './gateway-server.ts';
import { DaveCall } from './dave/dave-call.ts';
import { u16 } from './dave/tls-codec.ts';

export const VOICE_OP = {
  identify: 0, selectProtocol: 1, ready: 2, heartbeat: 3, sessionDescription: 4, speaking: 5, heartbeatAck: 6,
  resume: 7, hello: 8, resumed: 9, clientsConnect: 11, clientDisconnect: 13,
  daveReadyForTransition: 23, daveInvalidCommitWelcome: 31,
} as const;

/** Discord's close code for a client that does not speak DAVE (max_dave_protocol_version 0) where E2EE is required. */
export const CLOSE_DAVE_REQUIRED = 4017;

/** Who else is in the bot's voice channel: the DAVE listeners the fake plays. */
export type ListenersOf = (guildId: string, botUserId: string) => { channelId: string; userIds: string[] } | undefined;

export interface SpeakingEvent {
  guildId: string;
  speaking: number;
  at: number;
}

/** One bot voice connection as the voice server sees it; survives websocket resumes. */
export interface VoiceSession {
  guildId: string;
  userId: string;
  sessionId: string;
  token: string;
  ssrc: number;
  udp: dgram.Socket | null;
  udpPort: number;
  /** The client's address from IP discovery. */
  clientAddress?: { address: string; port: number };
  mode?: EncryptionMode;
  secretKey?: Uint8Array;
  socket: WebSocket | null;
  /** Numbered messages sent to the client, JSON or binary (v8 buffered resume replays those after the client's seq_ack). */
  sent: { seq: number; data: string | Buffer }[];
  seq: number;
  /** seq_ack values the client sent in heartbeats, in order. */
  heartbeatAcks: number[];
  resumes: number;
  ended: boolean;
  /** The client's max_dave_protocol_version from identify. */
  maxDaveProtocolVersion: number;
  /** The DAVE media session (dave_protocol_version 1 was negotiated in op 4). */
  dave?: DaveCall;
  /** Errors the fake hit handling the client's DAVE messages (a malformed key package or commit). */
  daveErrors: string[];
}

export interface VoiceServerOptions {
  certPem: string;
  keyPem: string;
  heartbeatIntervalMs: number;
  encryptionModes: readonly string[];
  receiver: VoiceReceiver;
  /** 1: DAVE required (clients without it are closed with 4017), as on Discord since 2026-03; 0: transport encryption only. */
  daveProtocolVersion: number;
  listenersOf: ListenersOf;
  /** Passed to each DaveCall (tests shorten or lengthen how long the gateway waits for the bot). */
  daveTiming?: { botCommitWaitMs?: number; transitionTimeoutMs?: number; proposalDelayMs?: number };
}

export class VoiceServer implements VoiceServerIssuer {
  readonly sessions: VoiceSession[] = [];
  readonly speaking: SpeakingEvent[] = [];
  /** Test control: DAVE sessions created from now on drop the bot's key packages (the bot never gets into a group). */
  daveIgnoreBotKeyPackages = false;
  /** Identifies the fake refused, with the close code (4004 bad token, 4017 no DAVE). */
  readonly refused: { guildId: string; code: number }[] = [];
  private readonly https: Server;
  private readonly wss: WebSocketServer;
  private readonly options: VoiceServerOptions;
  /** Tokens handed out in VOICE_SERVER_UPDATE, keyed by guild id; only the latest one per guild is valid. */
  private readonly issued = new Map<string, { token: string; userId: string; sessionId: string }>();
  private port = 0;

  constructor(options: VoiceServerOptions) {
    this.options = options;
    this.https = createServer({ cert: options.certPem, key: options.keyPem });
    this.wss = new WebSocketServer({ server: this.https });
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.https.once('error', reject);
      this.https.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.https.address() as AddressInfo).port;
  }

  /** host:port as Discord sends it in VOICE_SERVER_UPDATE (@discordjs/voice connects to wss://<endpoint>?v=8). */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  issue(guildId: string, userId: string, sessionId: string): { endpoint: string; token: string } {
    const token = randomBytes(8).toString('hex');
    this.issued.set(guildId, { token, userId, sessionId });
    return { endpoint: this.endpoint, token };
  }

  end(guildId: string, userId: string): void {
    this.issued.delete(guildId);
    for (const session of this.sessions) {
      if (session.guildId === guildId && session.userId === userId && !session.ended) this.endSession(session, 4014, 'Disconnected.');
    }
  }

  /** The live (not ended) session of a guild, if any. */
  activeSession(guildId: string): VoiceSession | undefined {
    return this.sessions.findLast((s) => s.guildId === guildId && !s.ended);
  }

  /** Test control: closes the voice websocket; without a code the TCP connection is cut (client sees 1006 and resumes). */
  closeWebSocket(guildId: string, code?: number): void {
    const session = this.requireSession(guildId);
    if (!session.socket) throw new Error(`Voice session for guild ${guildId} has no open websocket`);
    if (code === undefined) session.socket.terminate();
    else session.socket.close(code, 'fake discord closed the voice connection');
  }

  /**
   * Test control: closes the session's UDP socket so datagrams are lost; with `reopenAfterMs` it binds the same
   * port again afterwards (a network outage rather than a dead server).
   */
  closeUdp(guildId: string, options: { reopenAfterMs?: number } = {}): Promise<void> {
    const session = this.requireSession(guildId);
    session.udp?.close();
    session.udp = null;
    if (options.reopenAfterMs === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        if (session.ended) return resolve();
        this.bindUdp(session, session.udpPort).then(() => resolve(), reject);
      }, options.reopenAfterMs);
    });
  }

  async close(): Promise<void> {
    for (const session of this.sessions) this.endSession(session, 1001, 'fake discord shutting down');
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.https.closeAllConnections();
    await new Promise<void>((resolve) => this.https.close(() => resolve()));
  }

  private requireSession(guildId: string): VoiceSession {
    const session = this.activeSession(guildId);
    if (!session) throw new Error(`No active voice session for guild ${guildId}`);
    return session;
  }

  /** Test control: brings the guild's DAVE listeners in line with who is in the bot's channel now (after a move). */
  syncListeners(guildId: string): void {
    const session = this.activeSession(guildId);
    if (!session?.dave) return;
    const now = this.options.listenersOf(guildId, session.userId)?.userIds ?? [];
    for (const listener of session.dave.present) if (!now.includes(listener.userId)) session.dave.removeListener(listener.userId);
    for (const userId of now) session.dave.addListener(userId);
  }

  private endSession(session: VoiceSession, code: number, reason: string): void {
    session.ended = true;
    session.dave?.end();
    session.udp?.close();
    session.udp = null;
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.close(code, reason);
    session.socket = null;
  }

  private sendRaw(socket: WebSocket | null, payload: JsonObject): void {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  /** Sends a numbered message; it is kept so a resuming client can have it replayed. */
  private sendNumbered(session: VoiceSession, op: number, d: JsonObject): void {
    session.seq += 1;
    const text = JSON.stringify({ op, d, seq: session.seq });
    session.sent.push({ seq: session.seq, data: text });
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(text);
  }

  /** Sends a numbered DAVE binary message: [u16 sequence][u8 opcode][payload]. */
  private sendBinary(session: VoiceSession, op: number, payload: Buffer): void {
    session.seq += 1;
    const data = Buffer.concat([u16(session.seq & 0xffff), Buffer.from([op]), payload]);
    session.sent.push({ seq: session.seq, data });
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(data);
  }

  /** Client -> server binary: [u8 opcode][payload] (DAVE ops 26 and 28). */
  private onBinary(session: VoiceSession | undefined, socket: WebSocket, raw: RawData): void {
    if (!session) return void socket.close(4003, 'Not authenticated.');
    const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    if (data.length < 1 || !session.dave) return;
    try {
      session.dave.onBinary(data[0], data.subarray(1));
    } catch (error) {
      session.daveErrors.push(error instanceof Error ? error.message : String(error));
    }
  }

  private onConnection(socket: WebSocket): void {
    let session: VoiceSession | undefined;
    socket.on('message', (raw: RawData, isBinary: boolean) => {
      if (isBinary) return this.onBinary(session, socket, raw);
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
      } catch {
        socket.close(4002, 'Failed to decode payload.');
        return;
      }
      const d = (payload.d ?? {}) as JsonObject;
      switch (payload.op) {
        case VOICE_OP.identify:
          if (session) return void socket.close(4005, 'Already authenticated.');
          session = this.identify(socket, d);
          return;
        case VOICE_OP.resume:
          if (session) return void socket.close(4005, 'Already authenticated.');
          session = this.resume(socket, d);
          return;
        case VOICE_OP.heartbeat:
          if (session && typeof d.seq_ack === 'number') session.heartbeatAcks.push(d.seq_ack);
          this.sendRaw(socket, { op: VOICE_OP.heartbeatAck, d: { t: (d.t as number | undefined) ?? 0 } });
          return;
        case VOICE_OP.selectProtocol:
          if (!session) return void socket.close(4003, 'Not authenticated.');
          this.selectProtocol(session, socket, d);
          return;
        case VOICE_OP.speaking:
          if (!session) return void socket.close(4003, 'Not authenticated.');
          this.speaking.push({ guildId: session.guildId, speaking: Number(d.speaking ?? 0), at: preciseNow() });
          return;
        case VOICE_OP.daveReadyForTransition:
        case VOICE_OP.daveInvalidCommitWelcome:
          if (!session) return void socket.close(4003, 'Not authenticated.');
          try {
            session.dave?.onJson(payload.op, d);
          } catch (error) {
            session.daveErrors.push(error instanceof Error ? error.message : String(error));
          }
          return;
        default:
          if (!session) socket.close(4003, 'Not authenticated.');
      }
    });
    socket.on('close', () => {
      if (session && session.socket === socket) session.socket = null;
    });
    socket.on('error', () => socket.terminate());
    this.sendRaw(socket, { op: VOICE_OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs, v: 8 } });
  }

  private identify(socket: WebSocket, d: JsonObject): VoiceSession | undefined {
    const guildId = String(d.server_id ?? '');
    const grant = this.issued.get(guildId);
    if (!grant || grant.token !== d.token || grant.userId !== d.user_id || grant.sessionId !== d.session_id) {
      socket.close(4004, 'Authentication failed.');
      return undefined;
    }
    const maxDaveProtocolVersion = typeof d.max_dave_protocol_version === 'number' ? d.max_dave_protocol_version : 0;
    if (this.options.daveProtocolVersion > 0 && maxDaveProtocolVersion < this.options.daveProtocolVersion) {
      this.refused.push({ guildId, code: CLOSE_DAVE_REQUIRED });
      socket.close(CLOSE_DAVE_REQUIRED, 'E2EE/DAVE protocol required.');
      return undefined;
    }
    // A new identify for the guild replaces the previous connection (e.g. after a move).
    for (const old of this.sessions) if (old.guildId === guildId && !old.ended) this.endSession(old, 4006, 'Session replaced.');
    const session: VoiceSession = {
      guildId, userId: grant.userId, sessionId: grant.sessionId, token: grant.token, ssrc: randomInt(1, 2 ** 31),
      udp: null, udpPort: 0, socket, sent: [], seq: 0, heartbeatAcks: [], resumes: 0, ended: false, maxDaveProtocolVersion, daveErrors: [],
    };
    this.sessions.push(session);
    void this.bindUdp(session, 0).then(() => {
      this.sendNumbered(session, VOICE_OP.ready, {
        ssrc: session.ssrc, ip: '127.0.0.1', port: session.udpPort, modes: [...this.options.encryptionModes],
      });
    }, () => socket.close(4000, 'Could not open a UDP socket.'));
    return session;
  }

  private resume(socket: WebSocket, d: JsonObject): VoiceSession | undefined {
    const session = this.sessions.find((s) => !s.ended && s.guildId === d.server_id && s.sessionId === d.session_id && s.token === d.token);
    if (!session) {
      socket.close(4006, 'Session is no longer valid.');
      return undefined;
    }
    session.socket?.terminate();
    session.socket = socket;
    session.resumes += 1;
    const seqAck = typeof d.seq_ack === 'number' ? d.seq_ack : -1;
    for (const message of session.sent) if (message.seq > seqAck) socket.send(message.data);
    this.sendRaw(socket, { op: VOICE_OP.resumed, d: null });
    return session;
  }

  private selectProtocol(session: VoiceSession, socket: WebSocket, d: JsonObject): void {
    const data = (d.data ?? {}) as JsonObject;
    const mode = String(data.mode ?? '');
    if (d.protocol !== 'udp' || !this.options.encryptionModes.includes(mode) || !(ENCRYPTION_MODES as readonly string[]).includes(mode)) {
      socket.close(4016, 'Unknown encryption mode.');
      return;
    }
    session.mode = mode as EncryptionMode;
    session.secretKey = new Uint8Array(randomBytes(32));
    const daveProtocolVersion = Math.min(this.options.daveProtocolVersion, session.maxDaveProtocolVersion);
    this.sendNumbered(session, VOICE_OP.sessionDescription, {
      audio_codec: 'opus', video_codec: null, media_session_id: randomBytes(16).toString('hex'), mode,
      secret_key: [...session.secretKey], dave_protocol_version: daveProtocolVersion,
    });
    if (daveProtocolVersion === 0 || session.dave) return;
    const listeners = this.options.listenersOf(session.guildId, session.userId);
    session.dave = new DaveCall({
      channelId: listeners?.channelId ?? '0', botUserId: session.userId, ...this.options.daveTiming,
      transport: { sendJson: (op, payload) => this.sendNumbered(session, op, payload), sendBinary: (op, payload) => this.sendBinary(session, op, payload) },
    });
    session.dave.ignoreBotKeyPackages = this.daveIgnoreBotKeyPackages;
    session.dave.start(listeners?.userIds ?? []);
  }

  private bindUdp(session: VoiceSession, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const udp = dgram.createSocket('udp4');
      udp.once('error', reject);
      udp.on('message', (message, rinfo) => this.onDatagram(session, udp, message, rinfo));
      udp.bind(port, '127.0.0.1', () => {
        udp.off('error', reject);
        udp.on('error', () => udp.close());
        session.udp = udp;
        session.udpPort = (udp.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private onDatagram(session: VoiceSession, udp: dgram.Socket, message: Buffer, rinfo: dgram.RemoteInfo): void {
    const arrivedAt = preciseNow();
    const discovery = parseIpDiscoveryRequest(message);
    if (discovery) {
      if (discovery.ssrc !== session.ssrc) return;
      session.clientAddress = { address: rinfo.address, port: rinfo.port };
      udp.send(buildIpDiscoveryResponse(session.ssrc, rinfo.address, rinfo.port), rinfo.port, rinfo.address);
      return;
    }
    if (message.length === 8) {
      // Keep-alive counter: Discord echoes it back.
      udp.send(message, rinfo.port, rinfo.address);
      return;
    }
    if (!session.mode || !session.secretKey) return;
    this.options.receiver.receive(
      { guildId: session.guildId, userId: session.userId, ssrc: session.ssrc, mode: session.mode, secretKey: session.secretKey, dave: session.dave },
      message, arrivedAt,
    );
  }
}
