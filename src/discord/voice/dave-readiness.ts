import { NetworkingStatusCode, VoiceConnectionStatus, type DAVESession, type VoiceConnection } from '@discordjs/voice';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long the bot waits for the DAVE handshake (op 25 -> key package -> welcome/commit -> execute) before it gives
 * up on a join or re-keys. Discord's own transition timeout is a few seconds; the handshake is a few round trips.
 */
export const DAVE_READY_TIMEOUT_MS = 10_000;

/** What the readiness rule needs to know about one voice connection at one moment. */
export interface DaveFacts {
  /** The connection (and its networking) is Ready: op 4 arrived and UDP is set up. */
  readonly transportReady: boolean;
  /** DAVE was negotiated (dave_protocol_version > 0 in op 4 and a DAVE session exists). */
  readonly negotiated: boolean;
  /** davey has an established group to encrypt with. */
  readonly sessionReady: boolean;
  /** The session is resetting after a bad commit/welcome (it re-keys before it can encrypt again). */
  readonly resetting: boolean;
  /** A transition is announced but not executed yet (op 23 sent, op 22 not received). */
  readonly transitionPending: boolean;
  /** Other clients in the call, by the voice gateway (op 11/13) or by the gateway's voice states. */
  readonly othersPresent: boolean;
}

/**
 * Whether a frame played now reaches every listener in a form it can decrypt. @discordjs/voice reports Ready at op 4,
 * before the MLS handshake ends, and sends frames without the E2EE layer until davey is ready: listeners in a DAVE
 * call drop those. Alone in the channel nobody listens, so there is nothing to wait for.
 */
export function canPlayThroughDave(facts: DaveFacts): boolean {
  if (!facts.transportReady) return false;
  if (!facts.negotiated) return true;
  if (facts.sessionReady && !facts.resetting) return true;
  return !facts.othersPresent;
}

/**
 * Stricter, for the first utterance on a connection: also wait until the transition that brought the bot into the
 * group was executed (op 22), when every member has switched to the new epoch. Later transitions (someone joining or
 * leaving) do not stop playback: members keep the previous epoch's keys while the new one takes over.
 */
export function daveSettled(facts: DaveFacts): boolean {
  return canPlayThroughDave(facts) && !(facts.negotiated && facts.othersPresent && facts.transitionPending);
}

/** The DAVE session of a connection's networking, if it is Ready or Resuming and DAVE was negotiated. */
function daveSessionOf(connection: VoiceConnection): DAVESession | undefined {
  const state = connection.state;
  if (state.status !== VoiceConnectionStatus.Ready && state.status !== VoiceConnectionStatus.Connecting) return undefined;
  const networking = state.networking.state;
  if (networking.code !== NetworkingStatusCode.Ready && networking.code !== NetworkingStatusCode.Resuming) return undefined;
  return networking.dave;
}

/** Transitions the session announced but has not executed (a private field of @discordjs/voice's DAVESession). */
function pendingTransitions(dave: DAVESession): number {
  const pending: unknown = Reflect.get(dave, 'pendingTransitions');
  return pending instanceof Map ? pending.size : 0;
}

/**
 * The facts, each read when the rule asks for it: the player's gate asks for every packet (50 a second per guild),
 * and once DAVE is up the rule stops at `sessionReady`, so the channel's members and the pending transitions (a walk
 * over the guild's voice states, a private map) are not looked at then. The getters live on a class so that each
 * packet allocates one small object; an object literal with getters built new accessors every time (a main-thread
 * profile at 8 guilds had the gate at a tenth of the main thread's time).
 */
class ConnectionDaveFacts implements DaveFacts {
  readonly #state: VoiceConnection['state'];
  readonly #dave: DAVESession | undefined;
  readonly #othersInChannel: () => number;

  constructor(connection: VoiceConnection, othersInChannel: () => number) {
    this.#state = connection.state;
    this.#dave = daveSessionOf(connection);
    this.#othersInChannel = othersInChannel;
  }

  get transportReady(): boolean {
    const state = this.#state;
    return state.status === VoiceConnectionStatus.Ready && state.networking.state.code === NetworkingStatusCode.Ready;
  }

  get negotiated(): boolean {
    return this.#dave !== undefined && this.#dave.protocolVersion > 0;
  }

  get sessionReady(): boolean {
    return this.#dave?.session?.ready === true;
  }

  get resetting(): boolean {
    return this.#dave?.reinitializing === true;
  }

  get transitionPending(): boolean {
    return this.#dave !== undefined && pendingTransitions(this.#dave) > 0;
  }

  get othersPresent(): boolean {
    const state = this.#state;
    const networking = state.status === VoiceConnectionStatus.Ready ? state.networking.state : undefined;
    const connected = networking?.code === NetworkingStatusCode.Ready ? networking.connectionData.connectedClients.size : 0;
    return connected > 0 || this.#othersInChannel() > 0;
  }
}

export function daveFactsOf(connection: VoiceConnection, othersInChannel: () => number): DaveFacts {
  return new ConnectionDaveFacts(connection, othersInChannel);
}

export class DaveNotReadyError extends Error {
  constructor(timeoutMs: number) {
    super(`the voice connection's end-to-end encryption (DAVE) was not ready after ${timeoutMs} ms`);
    this.name = 'DaveNotReadyError';
  }
}

/** Resolves once a frame played on `connection` can be decrypted by everyone listening; rejects after `timeoutMs`. */
export async function waitForDaveReady(connection: VoiceConnection, othersInChannel: () => number, timeoutMs = DAVE_READY_TIMEOUT_MS, signal?: AbortSignal): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!daveSettled(daveFactsOf(connection, othersInChannel))) {
    if (connection.state.status === VoiceConnectionStatus.Destroyed) throw new DaveNotReadyError(timeoutMs);
    if (signal?.aborted) throw signal.reason;
    if (performance.now() >= deadline) throw new DaveNotReadyError(timeoutMs);
    await sleep(10, undefined, { ref: false });
  }
}
