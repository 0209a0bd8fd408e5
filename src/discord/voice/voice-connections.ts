import {
  entersState,
  joinVoiceChannel,
  VoiceConnectionDisconnectReason,
  VoiceConnectionStatus,
  type AudioPlayer,
  type DiscordGatewayAdapterCreator,
  type VoiceConnection,
  type VoiceConnectionState,
} from '@discordjs/voice';
import { setTimeout as sleep } from 'node:timers/promises';
import { AloneTimer, countListeners, realScheduler, type ChannelMember, type Scheduler } from './alone-timer.ts';
import { decideAfterDisconnect, type ReconnectAction, type ReconnectPolicy } from './reconnect-policy.ts';
import { DaveRequiredError, guardDave } from './dave-guard.ts';
import { DAVE_READY_TIMEOUT_MS, DaveNotReadyError, waitForDaveReady } from './dave-readiness.ts';

export type VoiceLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** What the manager needs from a discord.js Guild; small so it can be faked. */
export interface VoiceGuild {
  readonly id: string;
  readonly voiceAdapterCreator: DiscordGatewayAdapterCreator;
  /** The bot's own voice channel according to the gateway. */
  botChannelId(): string | null;
  /** Everyone in a voice channel, bots included. */
  channelMembers(channelId: string): Iterable<ChannelMember>;
}

export interface VoiceConnectionsOptions {
  readonly policy: ReconnectPolicy;
  /** 0 = stay when alone. */
  readonly leaveWhenAloneMs: number;
  /** The guild's AudioPlayer, which the connection subscribes to. */
  readonly playerFor: (guildId: string) => AudioPlayer;
  /** Called whenever the bot leaves a guild's voice for good (left, kicked, gave up): clear its queue. */
  readonly onGone: (guildId: string, reason: GoneReason) => void;
  readonly log: VoiceLog;
  readonly scheduler?: Scheduler;
  /** How long join() waits for the connection to become ready. */
  readonly readyTimeoutMs?: number;
  /** How long join() then waits for end-to-end encryption (DAVE) before the first utterance; also the re-key limit. */
  readonly daveReadyTimeoutMs?: number;
}

export type GoneReason = 'left' | 'kicked' | 'alone' | 'gave-up' | 'join-failed' | 'dave-unsupported' | 'shutdown';

interface Session {
  readonly guild: VoiceGuild;
  readonly connection: VoiceConnection;
  leaving: boolean;
  /** The channel Discord last confirmed for the bot; tells a move from the confirmation of our own join. */
  confirmedChannelId: string | null;
  /** Aborted with a DaveRequiredError when Discord refuses the connection for lack of DAVE (close 4017). */
  readonly fatal: AbortController;
}

/** Thrown by join() with a message fit for the user. */
export class VoiceJoinError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VoiceJoinError';
  }
}

/**
 * The bot's voice connections, one per guild: joining, following moves, reconnecting after network trouble with
 * bounded backoff, staying away after a kick or /leave, and leaving when nobody is listening.
 */
export class VoiceConnections {
  readonly #sessions = new Map<string, Session>();
  readonly #options: VoiceConnectionsOptions;
  readonly #alone: AloneTimer;

  constructor(options: VoiceConnectionsOptions) {
    this.#options = options;
    this.#alone = new AloneTimer(options.leaveWhenAloneMs, (guildId) => this.leave(guildId, 'alone'), options.scheduler ?? realScheduler);
  }

  /** The channel the bot is in (or joining) in this guild; follows moves. */
  channelIdOf(guildId: string): string | null {
    const session = this.#sessions.get(guildId);
    if (!session || session.leaving || session.connection.state.status === VoiceConnectionStatus.Destroyed) return null;
    return session.connection.joinConfig.channelId;
  }

  /** Joins (or moves to) `channelId` and waits until audio can flow. */
  async join(guild: VoiceGuild, channelId: string): Promise<void> {
    const existing = this.#sessions.get(guild.id);
    if (existing && !existing.leaving && existing.connection.joinConfig.channelId === channelId && existing.connection.state.status === VoiceConnectionStatus.Ready) {
      return;
    }
    const connection = joinVoiceChannel({ guildId: guild.id, channelId, adapterCreator: guild.voiceAdapterCreator, selfDeaf: true });
    if (existing?.connection !== connection) {
      const session: Session = { guild, connection, leaving: false, confirmedChannelId: null, fatal: new AbortController() };
      this.#sessions.set(guild.id, session);
      guardDave(connection, {
        guildId: guild.id, log: this.#options.log, recoveryTimeoutMs: this.#options.daveReadyTimeoutMs,
        othersInChannel: () => this.#othersInChannel(session),
        onDaveRequired: (error) => {
          session.fatal.abort(error);
          if (this.#sessions.get(guild.id) === session) this.leave(guild.id, 'dave-unsupported');
        },
        onGiveUp: () => {
          if (this.#sessions.get(guild.id) === session) this.leave(guild.id, 'gave-up');
        },
      });
      connection.on('stateChange', (oldState, newState) => void this.#onStateChange(session, oldState, newState));
      connection.on('error', (error) => this.#options.log('warn', 'voice connection error', { guildId: guild.id, error: error.message }));
      connection.subscribe(this.#options.playerFor(guild.id));
    } else {
      existing.leaving = false;
    }
    this.#options.log('info', 'joining voice channel', { guildId: guild.id, channelId });
    const current = this.#sessions.get(guild.id);
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.#options.readyTimeoutMs ?? 20_000), ...(current ? [current.fatal.signal] : [])]);
      await entersState(connection, VoiceConnectionStatus.Ready, signal);
      if (current) await waitForDaveReady(connection, () => this.#othersInChannel(current), this.#options.daveReadyTimeoutMs ?? DAVE_READY_TIMEOUT_MS, current.fatal.signal);
    } catch (error) {
      if (error instanceof DaveRequiredError || current?.fatal.signal.reason instanceof DaveRequiredError) {
        throw new VoiceJoinError('Discord requires end-to-end encrypted voice (DAVE) and I could not set it up. Please tell the bot\'s operator.', { cause: error });
      }
      this.leave(guild.id, 'join-failed');
      if (error instanceof DaveNotReadyError) {
        throw new VoiceJoinError('I joined the voice channel but its end-to-end encryption did not start in time. Please try again.', { cause: error });
      }
      throw new VoiceJoinError('I could not connect to that voice channel. Check that I may Connect and Speak there.', { cause: error });
    }
    this.refreshAlone(guild.id);
  }

  /** Leaves for good: no rejoin. Safe to call when not connected. */
  leave(guildId: string, reason: GoneReason): void {
    const session = this.#sessions.get(guildId);
    this.#alone.cancel(guildId);
    if (session) {
      session.leaving = true;
      this.#sessions.delete(guildId);
      if (session.connection.state.status !== VoiceConnectionStatus.Destroyed) session.connection.destroy();
      this.#options.log('info', 'left voice channel', { guildId, reason });
    }
    this.#options.onGone(guildId, reason);
  }

  /**
   * Feed every gateway voice state change here. The bot's own changes tell moves (follow) from kicks (leave); other
   * members' changes drive the leave-when-alone timer.
   */
  onVoiceStateUpdate(guildId: string, userId: string, newChannelId: string | null, botUserId: string): void {
    const session = this.#sessions.get(guildId);
    if (!session || session.leaving) return;
    if (userId === botUserId) {
      if (newChannelId === null) {
        // Someone disconnected the bot by hand, or deleted the channel: respect it.
        this.leave(guildId, 'kicked');
        return;
      }
      const moved = session.confirmedChannelId !== null && session.confirmedChannelId !== newChannelId;
      session.confirmedChannelId = newChannelId;
      if (moved) this.#options.log('info', 'moved to another voice channel', { guildId, channelId: newChannelId });
    }
    this.refreshAlone(guildId);
  }

  /** Re-counts listeners in the bot's channel and starts or cancels the leave timer. */
  refreshAlone(guildId: string): void {
    const session = this.#sessions.get(guildId);
    const channelId = this.channelIdOf(guildId);
    if (!session || channelId === null) return;
    this.#alone.update(guildId, countListeners(session.guild.channelMembers(channelId)));
  }

  leaveAll(reason: GoneReason): void {
    for (const guildId of [...this.#sessions.keys()]) this.leave(guildId, reason);
    this.#alone.cancelAll();
  }

  /** People in the bot's channel who will want to decrypt what it plays. */
  #othersInChannel(session: Session): number {
    const channelId = session.connection.joinConfig.channelId;
    return channelId === null ? 0 : countListeners(session.guild.channelMembers(channelId));
  }

  async #onStateChange(session: Session, _old: VoiceConnectionState, state: VoiceConnectionState): Promise<void> {
    if (state.status !== VoiceConnectionStatus.Disconnected || session.leaving) return;
    const { connection, guild } = session;
    const facts = {
      closeCode: state.reason === VoiceConnectionDisconnectReason.WebSocketClose ? state.closeCode : undefined,
      attempts: connection.rejoinAttempts,
      botChannelId: guild.botChannelId(),
      leftOnPurpose: session.leaving,
      graceOver: false,
    };
    let action: ReconnectAction = decideAfterDisconnect(facts, this.#options.policy);
    this.#options.log('warn', 'voice connection lost', { guildId: guild.id, closeCode: facts.closeCode, attempts: facts.attempts, action: action.kind });
    try {
      if (action.kind === 'wait-for-move') {
        try {
          await Promise.race([
            entersState(connection, VoiceConnectionStatus.Signalling, action.timeoutMs),
            entersState(connection, VoiceConnectionStatus.Connecting, action.timeoutMs),
          ]);
          return; // A move: the connection reconnects by itself to the new channel.
        } catch {
          if (session.leaving || connection.state.status !== VoiceConnectionStatus.Disconnected) return;
          action = decideAfterDisconnect({ ...facts, graceOver: true, botChannelId: guild.botChannelId(), leftOnPurpose: session.leaving }, this.#options.policy);
        }
      }
      if (action.kind === 'rejoin') {
        await sleep(action.delayMs, undefined, { ref: false });
        if (session.leaving || connection.state.status !== VoiceConnectionStatus.Disconnected) return;
        this.#options.log('info', 'rejoining voice channel', { guildId: guild.id, attempt: connection.rejoinAttempts + 1 });
        connection.rejoin();
        return;
      }
      if (this.#sessions.get(guild.id) === session) this.leave(guild.id, action.kind === 'give-up' ? 'gave-up' : 'kicked');
    } catch (error) {
      // Never let reconnect trouble escape into the client's event loop.
      this.#options.log('error', 'voice reconnect failed', { guildId: guild.id, error: error instanceof Error ? error.message : String(error) });
      if (this.#sessions.get(guild.id) === session) this.leave(guild.id, 'gave-up');
    }
  }
}
