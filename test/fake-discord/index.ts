// A local fake Discord (REST + gateway + voice) that real discord.js / @discordjs/voice clients connect to.
//
// Point a bot at it:
//   const fake = await startFakeDiscord({ trustInProcess: true });
//   const client = new Client({ intents, rest: { api: fake.restUrl } });   // restUrl = http://127.0.0.1:PORT/api
//   await client.login('any-token');
// @discordjs/rest builds `${api}/v10${route}`, so GET /gateway/bot returns gatewayUrl (ws://127.0.0.1:PORT) and the
// gateway's VOICE_SERVER_UPDATE endpoint (127.0.0.1:VPORT) leads @discordjs/voice to wss://127.0.0.1:VPORT?v=8.
// That TLS server uses a throw-away self-signed certificate. In-process clients trust it with `trustInProcess`
// (tls.setDefaultCACertificates, Node >= 24.5); a bot in a child process needs NODE_EXTRA_CA_CERTS=<caCertPath>
// in its environment at start-up.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCert, trustCertificateInProcess } from '../helpers/tls/self-signed-cert.ts';
import type { SelfSignedCert } from '../helpers/tls/self-signed-cert.ts';
import type { FakeGuild, GuildInput, UserFixture } from './fixtures.ts';
import { GatewayServer, MESSAGE_CONTENT_INTENT } from './gateway-server.ts';
import type { GatewayStats } from './gateway-server.ts';
import { INTERACTION_TYPE, interactionPayload, nestOptions, normaliseOptions } from './interactions.ts';
import type { AutocompleteInput, SlashCommandInput } from './interactions.ts';
import { messagePayload, userPayload } from './payloads.ts';
import type { Json } from './payloads.ts';
import { RestServer } from './rest-server.ts';
import type { RecordedRequest } from './rest-server.ts';
import { ENCRYPTION_MODES } from './rtp.ts';
import { VoiceReceiver } from './voice-receiver.ts';
import type { ReceivedAudio } from './voice-receiver.ts';
import { VoiceServer } from './voice-server.ts';
import type { ListenersOf, SpeakingEvent, VoiceSession } from './voice-server.ts';
import type { DaveCall } from './dave/dave-call.ts';
import { waitUntil } from './wait.ts';
import type { WaitOptions } from './wait.ts';
import { FakeWorld } from './world.ts';
import type { ChannelMessageRecord, InteractionReply, RegisteredCommand } from './world.ts';

export type { FakeGuild, GuildInput } from './fixtures.ts';
export type { SlashCommandInput, AutocompleteInput, CommandOption } from './interactions.ts';
export type { RecordedRequest } from './rest-server.ts';
export type { ReceivedAudio, ReceivedPacket, Discontinuity } from './voice-receiver.ts';
export type { InteractionReply, ChannelMessageRecord, RegisteredCommand } from './world.ts';
export type { VoiceSession, SpeakingEvent } from './voice-server.ts';
export type { GatewayStats } from './gateway-server.ts';
export type { DaveCall, DaveListener, DaveCallStats, Transition } from './dave/dave-call.ts';

export interface FakeDiscordOptions {
  /** When set, REST and gateway accept only this bot token (401 / close 4004 otherwise). Default: any token. */
  token?: string;
  botUserId?: string;
  botUsername?: string;
  applicationId?: string;
  /** Gateway HELLO heartbeat interval. Discord uses 41250 ms; tests may shorten it to exercise heartbeats. */
  heartbeatIntervalMs?: number;
  /** Voice gateway HELLO heartbeat interval (Discord: 13750 ms). */
  voiceHeartbeatIntervalMs?: number;
  /** Encryption modes offered in voice READY, in order. Default: aead_aes256_gcm_rtpsize, aead_xchacha20_poly1305_rtpsize. */
  encryptionModes?: string[];
  /** Reuse an existing certificate (saves the openssl run); the fake then does not delete its files. */
  cert?: SelfSignedCert;
  /** Make TLS clients in this process trust the voice server's certificate until close(). */
  trustInProcess?: boolean;
  /**
   * DAVE protocol version of the voice gateway. 1 (default): like Discord since 2026-03, E2EE is required (a client
   * without DAVE is closed with 4017) and every other member of the bot's channel is a DAVE listener. 0: transport
   * encryption only, the old path.
   */
  daveProtocolVersion?: number;
  /** How long the voice gateway waits for the bot's commit / op 23 before it goes on without (ms). */
  daveTiming?: { botCommitWaitMs?: number; transitionTimeoutMs?: number; proposalDelayMs?: number };
}

export interface InjectedInteraction {
  id: string;
  token: string;
}

export interface InjectMessageInput {
  guildId: string;
  /** Defaults to the guild's first text channel; name or id. */
  channelId?: string;
  /** Defaults to the guild's first human member; username or id. */
  userId?: string;
  content: string;
}

export class FakeDiscord {
  readonly world: FakeWorld;
  readonly rest: RestServer;
  readonly gateway: GatewayServer;
  readonly voice: VoiceServer;
  readonly receiver: VoiceReceiver;
  private readonly http: Server;
  private readonly cert: SelfSignedCert;
  private readonly ownsCert: boolean;
  private readonly untrust: (() => void) | undefined;
  private closed = false;

  /** Use startFakeDiscord(). */
  constructor(parts: {
    world: FakeWorld; rest: RestServer; gateway: GatewayServer; voice: VoiceServer; receiver: VoiceReceiver; http: Server;
    cert: SelfSignedCert; ownsCert: boolean; untrust?: () => void;
  }) {
    this.world = parts.world;
    this.rest = parts.rest;
    this.gateway = parts.gateway;
    this.voice = parts.voice;
    this.receiver = parts.receiver;
    this.http = parts.http;
    this.cert = parts.cert;
    this.ownsCert = parts.ownsCert;
    this.untrust = parts.untrust;
  }

  private get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** Value for discord.js `new Client({ rest: { api: fake.restUrl } })` / `new REST({ api: fake.restUrl })`. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The host:port the fake hands out in VOICE_SERVER_UPDATE. */
  get voiceEndpoint(): string {
    return this.voice.endpoint;
  }

  /** PEM of the voice server's self-signed certificate; give a child bot process NODE_EXTRA_CA_CERTS=caCertPath. */
  get caCertPath(): string {
    return this.cert.certPath;
  }

  get caCertPem(): string {
    return this.cert.certPem;
  }

  get botUser(): UserFixture {
    return this.world.botUser;
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  /** Environment for a child bot process so its real clients reach the fake. */
  childEnv(): Record<string, string> {
    return { NODE_EXTRA_CA_CERTS: this.caCertPath, DISCORD_API_URL: this.restUrl };
  }

  // ---- fixtures ----

  /** Adds a guild (the bot is always a member). Created after the bot connected, it arrives as GUILD_CREATE. */
  createGuild(input: GuildInput = {}): FakeGuild {
    const guild = this.world.addGuild(input);
    if (this.gateway.session) this.gateway.announceGuild(guild);
    return guild;
  }

  guild(id: string): FakeGuild {
    return this.world.guild(id);
  }

  // ---- injecting events ----

  private resolveChannel(guild: FakeGuild, channel: string | undefined): string {
    if (channel !== undefined) return guild.channel(channel).id;
    const first = guild.textChannels[0];
    if (!first) throw new Error(`Guild "${guild.name}" has no text channel; pass channelId`);
    return first.id;
  }

  private resolveUser(guild: FakeGuild, user: string | undefined): string {
    if (user !== undefined) return guild.member(user).user.id;
    const human = guild.members.find((m) => !m.user.bot);
    if (!human) throw new Error(`Guild "${guild.name}" has no human member; pass userId`);
    return human.user.id;
  }

  private inject(type: number, input: SlashCommandInput, focused?: string): InjectedInteraction {
    const guild = this.world.guild(input.guildId);
    const channelId = this.resolveChannel(guild, input.channelId);
    const userId = this.resolveUser(guild, input.userId);
    const registered = [...(this.world.guildCommands.get(guild.id) ?? []), ...this.world.globalCommands].find((c) => c.name === input.name);
    const id = this.world.nextId();
    const token = this.world.newInteractionToken();
    const options = nestOptions(input, normaliseOptions(input.options, focused));
    this.world.interactions.set(id, { id, token, type, guildId: guild.id, channelId, userId, acknowledged: false, ephemeral: false, replies: [] });
    this.gateway.dispatch('INTERACTION_CREATE', interactionPayload({
      id, token, type, applicationId: this.world.applicationId, commandId: registered?.id ?? this.world.nextId(), guild, channelId, userId, input, options,
    }), guild.id);
    return { id, token };
  }

  /** Dispatches INTERACTION_CREATE for a chat-input command, as if `userId` typed /name in `channelId`. */
  injectSlashCommand(input: SlashCommandInput): InjectedInteraction {
    return this.inject(INTERACTION_TYPE.applicationCommand, input);
  }

  /** Dispatches an autocomplete interaction with `focused` marking the option being typed. */
  injectAutocomplete(input: AutocompleteInput): InjectedInteraction {
    return this.inject(INTERACTION_TYPE.autocomplete, input, input.focused);
  }

  /**
   * Dispatches MESSAGE_CREATE. Like Discord, the content is blanked for a session without the MessageContent
   * intent unless the message mentions the bot, and nothing is sent without the GuildMessages intent.
   */
  injectMessage(input: InjectMessageInput): string {
    const guild = this.world.guild(input.guildId);
    const channelId = this.resolveChannel(guild, input.channelId);
    const author = guild.member(this.resolveUser(guild, input.userId));
    const id = this.world.nextId();
    const mentionsBot = input.content.includes(`<@${this.botUser.id}>`) || input.content.includes(`<@!${this.botUser.id}>`);
    const intents = this.gateway.sessionForGuild(guild.id)?.intents ?? 0;
    const content = mentionsBot || (intents & MESSAGE_CONTENT_INTENT) !== 0 ? input.content : '';
    const mentions: Json[] = mentionsBot ? [userPayload(this.botUser)] : [];
    this.gateway.dispatch('MESSAGE_CREATE', messagePayload({ id, guild, channelId, author, content, extra: { mentions } }), guild.id);
    return id;
  }

  /** Moves a member (by username or id) into a voice channel (name or id), or out of voice with null. */
  moveMember(guildId: string, user: string, channel: string | null): void {
    const guild = this.world.guild(guildId);
    this.gateway.moveMember(guild, guild.member(user).user.id, channel === null ? null : guild.channel(channel).id);
    this.voice.syncListeners(guildId);
  }

  /** Kicks the bot out of voice: VOICE_STATE_UPDATE with no channel and the voice websocket closed with 4014. */
  disconnectBotFromVoice(guildId: string): void {
    this.moveMember(guildId, this.botUser.id, null);
  }

  // ---- connection faults ----

  /** Drops the gateway connection; by default with a resumable code so discord.js RESUMEs. */
  dropGateway(options: { code?: number; terminate?: boolean } = {}): void {
    this.gateway.drop(options);
  }

  /** Closes the bot's voice websocket in a guild (no code: TCP cut, client resumes; 4014: disconnected). */
  closeVoiceWebSocket(guildId: string, code?: number): void {
    this.voice.closeWebSocket(guildId, code);
  }

  /** Closes the voice UDP socket mid-stream; `reopenAfterMs` rebinds the same port afterwards. */
  closeVoiceUdp(guildId: string, options: { reopenAfterMs?: number } = {}): Promise<void> {
    return this.voice.closeUdp(guildId, options);
  }

  // ---- observing REST ----

  get requests(): readonly RecordedRequest[] {
    return this.rest.requests;
  }

  waitForRequest(predicate: (r: RecordedRequest) => boolean, options: WaitOptions & { description?: string } = {}): Promise<RecordedRequest> {
    return waitUntil(() => this.rest.requests.find(predicate), options.description ?? 'a matching REST request', options);
  }

  /** Everything the bot did in answer to an interaction, oldest first. */
  repliesTo(interactionId: string): InteractionReply[] {
    const record = this.world.interactions.get(interactionId);
    if (!record) throw new Error(`Unknown interaction ${interactionId}`);
    return [...record.replies];
  }

  /** Waits for the first reply (callback, edit or follow-up) to an interaction that matches `predicate` (default: any). */
  waitForReply(interactionId: string, options: WaitOptions & { predicate?: (r: InteractionReply) => boolean } = {}): Promise<InteractionReply> {
    const predicate = options.predicate ?? (() => true);
    return waitUntil(() => this.repliesTo(interactionId).find(predicate), `a reply to interaction ${interactionId}`, options);
  }

  /**
   * Waits until an interaction has visible text: an immediate reply, or a deferred reply later edited or
   * followed up. Resolves with that reply.
   */
  waitForReplyContent(interactionId: string, options: WaitOptions = {}): Promise<InteractionReply> {
    return this.waitForReply(interactionId, { ...options, predicate: (r) => typeof r.content === 'string' && r.content.length > 0 });
  }

  channelMessages(channelId?: string): ChannelMessageRecord[] {
    return this.world.channelMessages.filter((m) => channelId === undefined || m.channelId === channelId);
  }

  waitForChannelMessage(channelId: string, options: WaitOptions & { predicate?: (m: ChannelMessageRecord) => boolean } = {}): Promise<ChannelMessageRecord> {
    const predicate = options.predicate ?? (() => true);
    return waitUntil(() => this.channelMessages(channelId).find(predicate), `a message in channel ${channelId}`, options);
  }

  /** Commands the bot registered globally, or for one guild. */
  registeredCommands(guildId?: string): RegisteredCommand[] {
    return guildId === undefined ? [...this.world.globalCommands] : [...(this.world.guildCommands.get(guildId) ?? [])];
  }

  // ---- observing the gateway ----

  get gatewayStats(): GatewayStats {
    return this.gateway.stats;
  }

  /** Resolves once a bot has identified and its READY went out. */
  waitForIdentify(options: WaitOptions = {}): Promise<void> {
    return waitUntil(() => (this.gateway.stats.identifies > 0 ? true : undefined), 'the bot to IDENTIFY', options).then(() => undefined);
  }

  /** Resolves once the gateway has seen `count` successful RESUMEs in total. */
  waitForResume(count = 1, options: WaitOptions = {}): Promise<void> {
    return waitUntil(() => (this.gateway.stats.resumes >= count ? true : undefined), `${count} gateway RESUME(s)`, options).then(() => undefined);
  }

  // ---- observing voice ----

  voiceSessions(guildId?: string): VoiceSession[] {
    return this.voice.sessions.filter((s) => guildId === undefined || s.guildId === guildId);
  }

  /** Resolves with the guild's voice session once its encryption is negotiated (the client can send audio). */
  waitForVoiceSession(guildId: string, options: WaitOptions = {}): Promise<VoiceSession> {
    return waitUntil(() => {
      const session = this.voice.activeSession(guildId);
      return session?.secretKey ? session : undefined;
    }, `a voice session in guild ${guildId}`, options);
  }

  /** The DAVE media session of the guild's live voice session (throws when DAVE is not negotiated there). */
  daveCall(guildId: string): DaveCall {
    const dave = this.voice.activeSession(guildId)?.dave;
    if (!dave) throw new Error(`No DAVE session in guild ${guildId}`);
    return dave;
  }

  /**
   * Resolves once the guild's DAVE group holds the bot and every listener in its channel, and the bot executed the
   * latest transition (op 22 sent): from then on every listener can decrypt what the bot plays.
   */
  waitForDaveGroup(guildId: string, options: WaitOptions = {}): Promise<DaveCall> {
    return waitUntil(() => {
      const dave = this.voice.activeSession(guildId)?.dave;
      if (!dave || dave.epoch === 0n) return undefined;
      const everyone = [dave.botUserId, ...dave.present.map((l) => l.userId)];
      const last = dave.stats.transitions.at(-1);
      const complete = everyone.every((id) => dave.leaves.includes(id)) && dave.leaves.filter((id) => id !== null).length === everyone.length;
      return complete && last?.executedAt !== undefined ? dave : undefined;
    }, `the DAVE group of guild ${guildId} to hold everyone in the channel`, options);
  }

  speakingEvents(guildId?: string): SpeakingEvent[] {
    return this.voice.speaking.filter((e) => guildId === undefined || e.guildId === guildId);
  }

  audioFor(guildId: string, userId?: string): ReceivedAudio {
    return this.receiver.audioFor(guildId, userId);
  }

  waitForAudio(guildId: string, options: WaitOptions & { minAudibleMs?: number } = {}): Promise<ReceivedAudio> {
    return this.receiver.waitForAudio(guildId, options);
  }

  waitForSilence(guildId: string, quietMs: number, options: WaitOptions = {}): Promise<ReceivedAudio> {
    return this.receiver.waitForSilence(guildId, quietMs, options);
  }

  clearAudio(guildId: string): void {
    this.receiver.clear(guildId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.gateway.close(), this.voice.close()]);
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.untrust?.();
    if (this.ownsCert) await this.cert.remove();
  }
}

/** Starts the fake on ephemeral 127.0.0.1 ports. Always `await fake.close()` (e.g. in `after`). */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const world = new FakeWorld(options);
  const cert = options.cert ?? (await createSelfSignedCert());
  const receiver = new VoiceReceiver();
  const listenersOf: ListenersOf = (guildId, botUserId) => {
    const guild = world.guilds.get(guildId);
    const channelId = guild?.voiceStates.get(botUserId)?.channelId;
    if (!guild || !channelId) return undefined;
    const userIds = [...guild.voiceStates.values()].filter((s) => s.channelId === channelId && s.userId !== botUserId).map((s) => s.userId);
    return { channelId, userIds };
  };
  const voice = new VoiceServer({
    certPem: cert.certPem, keyPem: cert.keyPem, receiver, listenersOf, daveProtocolVersion: options.daveProtocolVersion ?? 1,
    daveTiming: options.daveTiming,
    heartbeatIntervalMs: options.voiceHeartbeatIntervalMs ?? 13750,
    encryptionModes: options.encryptionModes ?? [...ENCRYPTION_MODES],
  });
  // REST and the gateway share one port; the URL is only read after listen() has picked it.
  const server: Server = createServer();
  const gatewayUrl = (): string => `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rest = new RestServer(world, { gatewayUrl, token: options.token });
  const gateway = new GatewayServer(world, { heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250, token: options.token, gatewayUrl, voice });
  server.on('request', rest.handle);
  server.on('upgrade', gateway.handleUpgrade);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    await voice.listen();
  } catch (error) {
    server.close();
    if (!options.cert) await cert.remove();
    throw error;
  }
  const untrust = options.trustInProcess ? trustCertificateInProcess(cert.certPem) : undefined;
  return new FakeDiscord({ world, rest, gateway, voice, receiver, http: server, cert, ownsCert: !options.cert, untrust });
}
