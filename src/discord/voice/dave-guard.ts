import {
  AudioPlayerStatus,
  type AudioPlayer,
  type AudioPlayerState,
  VoiceConnectionStatus,
  type DAVESession,
  type Networking,
  type VoiceConnection,
  type VoiceConnectionState,
} from '@discordjs/voice';
import { canPlayThroughDave, daveFactsOf, DAVE_READY_TIMEOUT_MS } from './dave-readiness.ts';
import { CLOSE_CODE_DAVE_REQUIRED } from './reconnect-policy.ts';

/** How often the guard re-checks whether the player must wait for a DAVE transition while it plays: one Opus frame. */
const PLAYING_CHECK_INTERVAL_MS = 20;
/**
 * How often it checks a connection whose player is silent: only the watchdog (seconds) needs it then, and a check
 * every frame on every silent connection cost the main thread 1.1 % of a core for 32 joined, silent guilds.
 */
const SILENT_CHECK_INTERVAL_MS = 250;
/** Networking rebuilds in a row that may fail to bring DAVE up before the guard gives the connection up. */
export const MAX_DAVE_RECONNECTS = 2;

export type DaveLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** Fatal for a connection: retrying cannot help until the bot's DAVE support is fixed. */
export class DaveRequiredError extends Error {
  constructor() {
    super('Discord closed the voice connection with code 4017: end-to-end encrypted voice (DAVE) is required and this bot did not '
      + 'negotiate it. Check that @snazzah/davey is installed for this platform (npm ls @snazzah/davey) and that DAVE is not disabled.');
    this.name = 'DaveRequiredError';
  }
}

export interface DaveGuardOptions {
  readonly guildId: string;
  readonly log: DaveLog;
  /** People in the bot's channel by the gateway's voice states (bots excluded). */
  readonly othersInChannel: () => number;
  /** Called once when Discord refuses the connection with 4017; the caller should leave for good. */
  readonly onDaveRequired: (error: DaveRequiredError) => void;
  /** Called when DAVE did not come up even after MAX_DAVE_RECONNECTS rebuilds; the caller should leave. */
  readonly onGiveUp?: () => void;
  /**
   * How long listeners may be unable to decrypt (handshake, re-key) before the guard rebuilds the voice connection's
   * networking. Default DAVE_READY_TIMEOUT_MS.
   */
  readonly recoveryTimeoutMs?: number;
}

export interface DaveGuardStats {
  /** DAVE messages davey refused (bad proposal, unknown user, repeated external sender...). */
  rejectedMessages: number;
  /** Re-keys asked for with op 31 and a new key package. */
  rekeys: number;
  /** Networking rebuilt because a re-key did not finish in time. */
  reconnects: number;
  /** Frames not sent because listeners could not have decrypted them. */
  framesHeld: number;
  /** Times the player was paused to wait for a DAVE transition. */
  pauses: number;
  /** Times the guard looked at the connection and its player (every frame while it plays, a few times a second else). */
  checks: number;
}

export interface DaveGuard {
  readonly stats: DaveGuardStats;
  dispose(): void;
}

/** davey's errors read like "Failed to process proposals: UnexpectedUser(444)"; keep the message, never the payload. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes one voice connection safe with DAVE:
 * - davey throws from setExternalSender/processProposals inside @discordjs/voice's binary message handler, which
 *   does not catch: that would be an uncaught exception in the bot's process. The guard catches those, logs them and
 *   re-keys (op 31 + a new key package, so the gateway removes and re-adds the bot). A repeated external sender on an established group is
 *   harmless and only logged.
 * - @discordjs/voice sends frames without the E2EE layer until davey is ready; listeners drop those. The guard holds
 *   the player (pause, then unpause) while a DAVE transition is pending and drops any frame that would still slip out.
 * - Waiting is bounded: if listeners cannot decrypt for recoveryTimeoutMs (a stalled handshake or re-key) the guard
 *   rebuilds the networking (a fresh voice session), and after MAX_DAVE_RECONNECTS such rebuilds it gives up (onGiveUp).
 * - Close code 4017 (DAVE required) makes @discordjs/voice rejoin forever; the guard reports it once as fatal.
 */
export function guardDave(connection: VoiceConnection, options: DaveGuardOptions): DaveGuard {
  const stats: DaveGuardStats = { rejectedMessages: 0, rekeys: 0, reconnects: 0, framesHeld: 0, pauses: 0, checks: 0 };
  const watchedNetworkings = new WeakSet<Networking>();
  const guardedSessions = new WeakSet<DAVESession>();
  const recoveryTimeoutMs = options.recoveryTimeoutMs ?? DAVE_READY_TIMEOUT_MS;
  let pausedByGuard = false;
  /** performance.now() since when listeners could not decrypt on a Ready connection; undefined while they can. */
  let blockedSince: number | undefined;
  let reconnectsInARow = 0;
  let fatal = false;
  const canPlay = (): boolean => canPlayThroughDave(daveFactsOf(connection, options.othersInChannel));

  const startRecovery = (dave: DAVESession): void => {
    stats.rekeys += 1;
    options.log('warn', 'DAVE: re-keying the voice connection', { guildId: options.guildId });
    dave.recoverFromInvalidTransition(dave.lastTransitionId ?? 0);
    checkPlayer();
  };

  // Bounded waiting: listeners unable to decrypt for recoveryTimeoutMs (a handshake or re-key that stalls) rebuilds
  // the networking (a fresh voice session and handshake); after MAX_DAVE_RECONNECTS of those the caller gives up.
  const watchdog = (ready: boolean): void => {
    if (ready || connection.state.status !== VoiceConnectionStatus.Ready) {
      blockedSince = undefined;
      if (ready) reconnectsInARow = 0;
      return;
    }
    const now = performance.now();
    blockedSince ??= now;
    if (now - blockedSince < recoveryTimeoutMs) return;
    blockedSince = undefined;
    if (reconnectsInARow >= MAX_DAVE_RECONNECTS) {
      options.log('error', 'DAVE: end-to-end encryption did not come up, leaving voice', { guildId: options.guildId, reconnects: reconnectsInARow });
      reconnectsInARow = 0;
      options.onGiveUp?.();
      return;
    }
    reconnectsInARow += 1;
    stats.reconnects += 1;
    options.log('warn', 'DAVE: re-key did not finish, reconnecting voice', { guildId: options.guildId, timeoutMs: recoveryTimeoutMs });
    connection.configureNetworking();
  };

  const rejected = (dave: DAVESession, what: string, error: unknown): void => {
    stats.rejectedMessages += 1;
    const established = dave.session?.ready === true;
    options.log('warn', 'DAVE: rejected a voice gateway message', { guildId: options.guildId, message: what, error: describe(error) });
    // A second external sender changes nothing in an established group (its external sender is fixed).
    if (what === 'external sender' && established) return;
    startRecovery(dave);
  };

  const guardSession = (dave: DAVESession): void => {
    if (guardedSessions.has(dave)) return;
    guardedSessions.add(dave);
    const setExternalSender = dave.setExternalSender.bind(dave);
    const processProposals = dave.processProposals.bind(dave);
    const prepareEpoch = dave.prepareEpoch.bind(dave);
    const processCommit = dave.processCommit.bind(dave);
    const processWelcome = dave.processWelcome.bind(dave);
    // @discordjs/voice's own recovery (a commit or welcome it could not process) resets the session: hold the player
    // now rather than on the next check.
    dave.on('invalidateTransition', () => checkPlayer());
    dave.setExternalSender = (data) => {
      try {
        setExternalSender(data);
      } catch (error) {
        rejected(dave, 'external sender', error);
      }
    };
    dave.processProposals = (payload, clients) => {
      try {
        return processProposals(payload, clients);
      } catch (error) {
        rejected(dave, 'proposals', error);
        return undefined;
      }
    };
    // These catch davey's errors themselves, but read the transition id (and need a session) before their try.
    const transitionIdOf = (payload: Buffer): number => (payload.length >= 2 ? payload.readUInt16BE(0) : 0);
    dave.processCommit = (payload) => {
      try {
        return processCommit(payload);
      } catch (error) {
        rejected(dave, 'commit', error);
        return { transitionId: transitionIdOf(payload), success: false };
      }
    };
    dave.processWelcome = (payload) => {
      try {
        return processWelcome(payload);
      } catch (error) {
        rejected(dave, 'welcome', error);
        return { transitionId: transitionIdOf(payload), success: false };
      }
    };
    dave.prepareEpoch = (data) => {
      try {
        prepareEpoch(data);
      } catch (error) {
        rejected(dave, 'prepare epoch', error);
      }
    };
  };

  const onNetworkingState = (_old: unknown, state: Networking['state']): void => {
    if ('dave' in state && state.dave) guardSession(state.dave);
  };
  const onNetworkingClose = (code: number): void => {
    if (code !== CLOSE_CODE_DAVE_REQUIRED || fatal) return;
    fatal = true;
    const error = new DaveRequiredError();
    options.log('error', error.message, { guildId: options.guildId, closeCode: code });
    options.onDaveRequired(error);
  };
  const watchNetworking = (networking: Networking): void => {
    if (watchedNetworkings.has(networking)) return;
    watchedNetworkings.add(networking);
    networking.on('stateChange', onNetworkingState);
    networking.on('close', onNetworkingClose);
    onNetworkingState(undefined, networking.state);
  };
  const onConnectionState = (_old: VoiceConnectionState, state: VoiceConnectionState): void => {
    if ('networking' in state) watchNetworking(state.networking);
    if (state.status === VoiceConnectionStatus.Destroyed) dispose();
    else checkPlayer();
  };

  // The last line of defence: a frame that listeners could not decrypt is not sent at all.
  const prepareAudioPacket = connection.prepareAudioPacket.bind(connection);
  connection.prepareAudioPacket = (buffer) => {
    if (!canPlay()) {
      stats.framesHeld += 1;
      return undefined;
    }
    return prepareAudioPacket(buffer);
  };

  // Hold the player while a transition is pending so the words wait instead of being dropped. Pausing inside the
  // player's own change to Playing stops it before it reads a frame; the interval catches everything else (a re-key
  // starting while it plays) within one frame, and the prepareAudioPacket gate drops whatever slips through.
  const watchedPlayers = new Set<AudioPlayer>();
  const holdIfNotReady = (_old: AudioPlayerState, state: AudioPlayerState): void => {
    if (state.status === AudioPlayerStatus.Playing) checkPlayer();
  };
  let disposed = false;
  let interval: NodeJS.Timeout | undefined;
  let intervalMs = 0;
  const checkEvery = (ms: number): void => {
    if (disposed || ms === intervalMs) return;
    clearInterval(interval);
    intervalMs = ms;
    interval = setInterval(checkPlayer, ms);
    interval.unref();
  };
  const checkPlayer = (): void => {
    stats.checks += 1;
    const player = holdPlayer();
    const playing = pausedByGuard || player?.state.status === AudioPlayerStatus.Playing;
    checkEvery(playing ? PLAYING_CHECK_INTERVAL_MS : SILENT_CHECK_INTERVAL_MS);
  };
  /** Pauses the player while listeners could not decrypt its frames and resumes it after; returns it, if any. */
  const holdPlayer = (): AudioPlayer | undefined => {
    const state = connection.state;
    const ready = canPlay();
    watchdog(ready);
    const player = 'subscription' in state ? state.subscription?.player : undefined;
    if (!player) return undefined;
    if (!watchedPlayers.has(player)) {
      watchedPlayers.add(player);
      player.on('stateChange', holdIfNotReady);
    }
    if (state.status !== VoiceConnectionStatus.Ready) return player;
    if (!ready && player.state.status === AudioPlayerStatus.Playing) {
      if (player.pause(false)) {
        pausedByGuard = true;
        stats.pauses += 1;
      }
    } else if (ready && pausedByGuard) {
      pausedByGuard = false;
      if (player.state.status === AudioPlayerStatus.Paused) player.unpause();
    }
    return player;
  };
  checkEvery(SILENT_CHECK_INTERVAL_MS);

  connection.on('stateChange', onConnectionState);
  onConnectionState(connection.state, connection.state);

  function dispose(): void {
    disposed = true;
    clearInterval(interval);
    for (const player of watchedPlayers) player.off('stateChange', holdIfNotReady);
    watchedPlayers.clear();
    connection.off('stateChange', onConnectionState);
  }

  return { stats, dispose };
}
