// The voice gateway's DAVE role for one bot voice session (protocol.md, "Group Key Exchange"), with the other people
// in the channel played by real davey DAVESessions in this process. The gateway keeps only the group context (epoch,
// who sits on which leaf) and lets members commit; the bot is the committer whenever it is in the group, a listener
// otherwise (or when the bot does not commit in time).
import davey from '@snazzah/davey';
import type { DAVESession } from '@snazzah/davey';
import type { JsonObject } from '../payloads.ts';
import { preciseNow } from '../wait.ts';
import {
  createExternalSender, encodeExternalProposal, encodeExternalSenderPackage, encodeProposalsAppend, parseKeyPackageMessage,
  splitCommitWelcome,
} from './mls-messages.ts';
import type { ExternalProposal, ExternalSender } from './mls-messages.ts';
import { u16 } from './tls-codec.ts';

export const DAVE_OP = {
  prepareTransition: 21, executeTransition: 22, readyForTransition: 23, prepareEpoch: 24, externalSender: 25, keyPackage: 26,
  proposals: 27, commitWelcome: 28, announceCommit: 29, welcome: 30, invalidCommitWelcome: 31,
} as const;

/** The last two bytes of every DAVE protocol frame. */
export const DAVE_MAGIC_MARKER = 0xfafa;
/**
 * How long after announcing a newcomer (op 11) a frame without the E2EE layer is blamed on the network rather than
 * the bot: frames already prepared or in flight when the bot learned of the newcomer. Local transit is ~1 ms plus one
 * prepared frame; 100 ms leaves room for event-loop stalls on a loaded machine.
 */
export const ANNOUNCE_GRACE_MS = 100;
/** Opus silence, which DAVE lets through unencrypted (protocol.md "Silence Packets"). */
const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
const MEDIA_AUDIO = 0;

export interface DaveCallTransport {
  /** A numbered JSON message to the bot. */
  sendJson(op: number, d: JsonObject): void;
  /** A numbered binary message to the bot ([u16 seq][op][payload] on the wire). */
  sendBinary(op: number, payload: Buffer): void;
}

export interface DaveCallOptions {
  readonly channelId: string;
  readonly botUserId: string;
  readonly transport: DaveCallTransport;
  /** How long the gateway waits for the bot's own commit before it takes a listener's (ms). */
  readonly botCommitWaitMs?: number;
  /** How long the gateway waits for the bot's op 23 before it executes a transition anyway (ms). */
  readonly transitionTimeoutMs?: number;
  /** Delay before the gateway sends proposals for a change (Discord may batch them); makes the handshake slower. */
  readonly proposalDelayMs?: number;
}

export interface ListenerStats {
  /** Frames this listener decrypted, by the epoch its group was in at the time. */
  readonly epochs: Map<string, number>;
  decrypted: number;
  /**
   * The cost of joining: frames that reached the listener before it decrypted its first one (before its welcome, or
   * still under the previous epoch's key while the bot had not yet switched; protocol.md "Welcome Handling").
   */
  lostJoining: number;
  /** Frames that failed to decrypt after the listener had decrypted one: the number that must stay 0. */
  failedInGroup: number;
}

export interface DaveListener {
  readonly userId: string;
  readonly session: DAVESession;
  readonly joinedAt: number;
  /** Announced to the bot with op 11 while the session ran (rather than already there when the bot connected). */
  readonly joinedMidCall: boolean;
  leftAt: number | undefined;
  welcomedAt: number | undefined;
  readonly stats: ListenerStats;
}

export interface Transition {
  readonly id: number;
  readonly kind: 'create' | 'add' | 'remove' | 'readd' | 'mixed';
  /** 'bot' or the committing listener's user id. */
  readonly committer: string;
  readonly epoch: bigint;
  readonly announcedAt: number;
  executedAt: number | undefined;
}

export interface DaveCallStats {
  /** Non-silence frames without the DAVE layer while someone was listening: must stay 0. */
  plaintextFrames: number;
  /**
   * Frames without the DAVE layer that reached only listeners announced less than ANNOUNCE_GRACE_MS ago: sent before
   * the bot could know them. Lost to those listeners (counted in their lostJoining) but not the bot's fault.
   */
  plaintextInFlight: number;
  /** Frames that no listener in the group could decrypt. */
  undecryptableFrames: number;
  /** Frames that reached at least one listener in plaintext form (decrypted). */
  decryptedFrames: number;
  silenceFrames: number;
  /** Frames sent while nobody else was in the call (nobody could hear them, encrypted or not). */
  framesWhileAlone: number;
  keyPackages: number;
  botCommits: number;
  invalidCommitReports: number;
  readyForTransition: number[];
  readonly transitions: Transition[];
  /** Epoch (1 = new group) announced with op 24. */
  readonly prepareEpochs: number[];
}

export type FrameResult =
  | { readonly kind: 'decrypted'; readonly opus: Buffer; readonly epoch: bigint }
  | { readonly kind: 'silence' | 'plaintext-alone'; readonly opus: Buffer }
  | { readonly kind: 'plaintext' | 'undecryptable' };

interface Round {
  readonly proposals: ExternalProposal[];
  readonly addedUsers: string[];
  readonly removedLeaves: number[];
  readonly botIsCommitter: boolean;
  listenerCommit: { commit: Buffer; welcome: Buffer | undefined; from: string } | undefined;
  timer: NodeJS.Timeout | undefined;
}

function isProtocolFrame(frame: Buffer): boolean {
  return frame.length > 3 && frame.readUInt16BE(frame.length - 2) === DAVE_MAGIC_MARKER;
}

export class DaveCall {
  readonly channelId: string;
  readonly botUserId: string;
  readonly externalSender: ExternalSender;
  readonly listeners: DaveListener[] = [];
  readonly stats: DaveCallStats = {
    plaintextFrames: 0, plaintextInFlight: 0, undecryptableFrames: 0, decryptedFrames: 0, silenceFrames: 0, framesWhileAlone: 0, keyPackages: 0,
    botCommits: 0, invalidCommitReports: 0, readyForTransition: [], transitions: [], prepareEpochs: [],
  };
  /** Group epoch as the gateway tracks it; 0 = no established group. */
  epoch = 0n;
  /** User id on each leaf of the group (null = blank leaf). */
  leaves: (string | null)[] = [];
  readonly #transport: DaveCallTransport;
  readonly #botCommitWaitMs: number;
  readonly #transitionTimeoutMs: number;
  readonly #proposalDelayMs: number;
  #proposalTimer: NodeJS.Timeout | undefined;
  /** Test control: drop the bot's key packages (a gateway that never re-adds the bot). */
  ignoreBotKeyPackages = false;
  #botKeyPackage: Buffer | undefined;
  #round: Round | undefined;
  #nextTransitionId = 1;
  readonly #awaitingReady = new Map<number, NodeJS.Timeout>();
  /** Errors in the gateway's own timers (a listener that could not commit, ...): kept for tests, never thrown. */
  readonly errors: string[] = [];
  #ended = false;

  constructor(options: DaveCallOptions) {
    this.channelId = options.channelId;
    this.botUserId = options.botUserId;
    this.#transport = options.transport;
    this.#botCommitWaitMs = options.botCommitWaitMs ?? 1000;
    this.#transitionTimeoutMs = options.transitionTimeoutMs ?? 3000;
    this.#proposalDelayMs = options.proposalDelayMs ?? 0;
    this.externalSender = createExternalSender();
  }

  /** Listeners currently in the voice channel. */
  get present(): DaveListener[] {
    return this.listeners.filter((l) => l.leftAt === undefined);
  }

  get botLeaf(): number | undefined {
    const leaf = this.leaves.indexOf(this.botUserId);
    return leaf === -1 ? undefined : leaf;
  }

  listener(userId: string): DaveListener | undefined {
    return this.listeners.findLast((l) => l.userId === userId);
  }

  /** After op 4 (dave_protocol_version 1): who is already connected (op 11), then the external sender (op 25). */
  start(listenerIds: string[]): void {
    for (const id of listenerIds) this.#createListener(id, false);
    if (listenerIds.length > 0) this.#transport.sendJson(11, { user_ids: [...listenerIds] });
    this.sendExternalSender();
  }

  sendExternalSender(): void {
    this.#transport.sendBinary(DAVE_OP.externalSender, encodeExternalSenderPackage(this.externalSender));
  }

  end(): void {
    this.#ended = true;
    clearTimeout(this.#proposalTimer);
    if (this.#round?.timer) clearTimeout(this.#round.timer);
    this.#round = undefined;
    for (const timer of this.#awaitingReady.values()) clearTimeout(timer);
    this.#awaitingReady.clear();
  }

  addListener(userId: string): void {
    if (this.present.some((l) => l.userId === userId) || userId === this.botUserId) return;
    this.#createListener(userId, true);
    this.#transport.sendJson(11, { user_ids: [userId] });
    this.#reconcile();
  }

  removeListener(userId: string): void {
    const listener = this.present.find((l) => l.userId === userId);
    if (!listener) return;
    listener.leftAt = preciseNow();
    this.#transport.sendJson(13, { user_id: userId });
    this.#reconcile();
  }

  #createListener(userId: string, joinedMidCall: boolean): void {
    const session = new davey.DAVESession(1, userId, this.channelId);
    session.setExternalSender(encodeExternalSenderPackage(this.externalSender));
    this.listeners.push({
      userId, session, joinedAt: preciseNow(), joinedMidCall, leftAt: undefined, welcomedAt: undefined,
      stats: { epochs: new Map(), decrypted: 0, lostJoining: 0, failedInGroup: 0 },
    });
  }

  #isMember(userId: string): boolean {
    return this.leaves.includes(userId);
  }

  /** User ids the members know are in the call (what op 11/13 told the bot). */
  #recognized(except: string): string[] {
    return [this.botUserId, ...this.present.map((l) => l.userId)].filter((id) => id !== except);
  }

  // ---- messages from the bot ----

  onBinary(op: number, payload: Buffer): void {
    if (this.#ended) return;
    if (op === DAVE_OP.keyPackage) {
      this.stats.keyPackages += 1;
      const info = parseKeyPackageMessage(payload);
      if (info.userId !== this.botUserId) throw new Error(`key package for ${info.userId}, expected the bot ${this.botUserId}`);
      if (this.ignoreBotKeyPackages) return;
      this.#botKeyPackage = info.keyPackage;
      this.#reconcile();
    } else if (op === DAVE_OP.commitWelcome) {
      this.#onBotCommit(payload);
    }
  }

  onJson(op: number, d: JsonObject): void {
    if (this.#ended) return;
    if (op === DAVE_OP.readyForTransition) {
      const id = Number(d.transition_id);
      this.stats.readyForTransition.push(id);
      const timer = this.#awaitingReady.get(id);
      if (timer) {
        clearTimeout(timer);
        this.#execute(id, true);
      }
    } else if (op === DAVE_OP.invalidCommitWelcome) {
      // The bot reset its group state and sends a new key package; #reconcile then removes and re-adds it.
      this.stats.invalidCommitReports += 1;
    }
  }

  // ---- group changes ----

  /** Starts the next proposal round when none is in flight and the group differs from who is in the call. */
  #reconcile(): void {
    if (this.#proposalDelayMs === 0) return this.#reconcileNow();
    this.#proposalTimer ??= setTimeout(() => {
      this.#proposalTimer = undefined;
      this.#safely(() => this.#reconcileNow());
    }, this.#proposalDelayMs);
  }

  #reconcileNow(): void {
    if (this.#ended || this.#round) return;
    const present = this.present;
    if (this.epoch > 0n && present.length === 0 && this.#isMember(this.botUserId)) {
      this.#soleMemberReset();
      return;
    }
    if (present.length === 0) return;
    const proposals: ExternalProposal[] = [];
    const addedUsers: string[] = [];
    const removedLeaves: number[] = [];
    this.leaves.forEach((userId, leaf) => {
      if (userId === null) return;
      const gone = userId === this.botUserId ? this.#botKeyPackage !== undefined : !present.some((l) => l.userId === userId);
      if (gone) {
        proposals.push({ kind: 'remove', leafIndex: leaf });
        removedLeaves.push(leaf);
      }
    });
    const established = this.epoch > 0n;
    // Without a group, the first listener creates it and everyone else is added.
    const creator = established ? undefined : present[0];
    for (const listener of present) {
      if (listener === creator || this.#isMember(listener.userId)) continue;
      proposals.push({ kind: 'add', keyPackage: parseKeyPackageMessage(listener.session.getSerializedKeyPackage()).keyPackage });
      addedUsers.push(listener.userId);
    }
    if (this.#botKeyPackage) {
      proposals.push({ kind: 'add', keyPackage: this.#botKeyPackage });
      addedUsers.push(this.botUserId);
      this.#botKeyPackage = undefined;
    }
    if (proposals.length === 0) return;
    if (!established && creator) this.leaves = [creator.userId];
    const botIsCommitter = established && this.#isMember(this.botUserId) && !removedLeaves.includes(this.botLeaf ?? -1);
    const round: Round = { proposals, addedUsers, removedLeaves, botIsCommitter, listenerCommit: undefined, timer: undefined };
    this.#round = round;
    const messages = proposals.map((proposal) => encodeExternalProposal(this.externalSender, { channelId: this.channelId, epoch: this.epoch, proposal }));
    const payload = encodeProposalsAppend(messages);
    const committers = established ? this.present.filter((l) => this.#isMember(l.userId)) : [creator as DaveListener];
    for (const listener of committers) {
      const result = listener.session.processProposals(payload[0], payload.subarray(1), this.#recognized(listener.userId));
      if (result.commit && !round.listenerCommit) round.listenerCommit = { commit: result.commit, welcome: result.welcome ?? undefined, from: listener.userId };
    }
    if (botIsCommitter) {
      this.#transport.sendBinary(DAVE_OP.proposals, payload);
      round.timer = setTimeout(() => this.#safely(() => this.#takeListenerCommit(round)), this.#botCommitWaitMs);
    } else {
      this.#takeListenerCommit(round);
    }
  }

  /** Runs timer work; an exception there would otherwise be uncaught in the test process. */
  #safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.errors.push(error instanceof Error ? error.message : String(error));
    }
  }

  #takeListenerCommit(round: Round): void {
    if (this.#round !== round) return;
    const chosen = round.listenerCommit;
    if (!chosen) throw new Error('no listener produced a commit for the proposals');
    this.#announce(round, chosen.commit, chosen.welcome, chosen.from);
  }

  #onBotCommit(payload: Buffer): void {
    const round = this.#round;
    const parsed = splitCommitWelcome(payload);
    // The first valid commit for the current epoch wins; later or stale ones are dropped like Discord does.
    if (!round || !round.botIsCommitter || parsed.epoch !== this.epoch) return;
    this.stats.botCommits += 1;
    if (round.timer) clearTimeout(round.timer);
    this.#announce(round, parsed.commit, parsed.welcome, 'bot');
  }

  #announce(round: Round, commit: Buffer, welcome: Buffer | undefined, committer: string): void {
    this.#round = undefined;
    const wasMember = new Set(this.leaves.filter((id): id is string => id !== null));
    const botStays = this.botLeaf !== undefined && !round.removedLeaves.includes(this.botLeaf);
    for (const leaf of round.removedLeaves) this.leaves[leaf] = null;
    for (const userId of round.addedUsers) {
      const blank = this.leaves.indexOf(null);
      if (blank === -1) this.leaves.push(userId);
      else this.leaves[blank] = userId;
    }
    while (this.leaves.length > 0 && this.leaves.at(-1) === null) this.leaves.pop();
    const created = this.epoch === 0n;
    this.epoch = created ? 1n : this.epoch + 1n;
    const id = this.#nextTransitionId++;
    const kind: Transition['kind'] = created ? 'create'
      : round.removedLeaves.length === 0 ? 'add'
        : round.addedUsers.length === 0 ? 'remove'
          : round.addedUsers.length === 1 && round.addedUsers[0] === this.botUserId ? 'readd' : 'mixed';
    this.stats.transitions.push({ id, kind, committer, epoch: this.epoch, announcedAt: preciseNow(), executedAt: undefined });
    const now = preciseNow();
    for (const listener of this.present) {
      if (wasMember.has(listener.userId)) {
        listener.session.processCommit(commit);
        listener.welcomedAt ??= now;
      } else if (round.addedUsers.includes(listener.userId)) {
        listener.session.processWelcome(welcome ?? Buffer.alloc(0));
        listener.welcomedAt = now;
      }
    }
    const announce = Buffer.concat([u16(id), commit]);
    if (botStays) this.#transport.sendBinary(DAVE_OP.announceCommit, announce);
    if (round.addedUsers.includes(this.botUserId)) this.#transport.sendBinary(DAVE_OP.welcome, Buffer.concat([u16(id), welcome ?? Buffer.alloc(0)]));
    if (this.#isMember(this.botUserId)) {
      this.#awaitingReady.set(id, setTimeout(() => this.#execute(id, true), this.#transitionTimeoutMs));
    } else {
      this.#execute(id, false);
    }
    this.#reconcile();
  }

  /** Op 22 goes to the bot for every transition it took part in, even if the group was reset meanwhile. */
  #execute(id: number, toBot: boolean): void {
    this.#awaitingReady.delete(id);
    const transition = this.stats.transitions.find((t) => t.id === id);
    if (transition) transition.executedAt = preciseNow();
    if (toBot && !this.#ended) this.#transport.sendJson(DAVE_OP.executeTransition, { transition_id: id });
  }

  /** The bot is alone in its group: new group on the next join; the bot answers with a fresh key package. */
  #soleMemberReset(): void {
    this.epoch = 0n;
    this.leaves = [];
    this.stats.prepareEpochs.push(1);
    this.#transport.sendJson(DAVE_OP.prepareEpoch, { protocol_version: 1, epoch: 1 });
    this.#transport.sendJson(DAVE_OP.prepareTransition, { protocol_version: 1, transition_id: 0 });
  }

  // ---- faults a real gateway (or a broken one) can produce ----

  /** Proposes adding a user the bot was never told about (op 11); davey rejects it with UnexpectedUser. */
  injectUnknownUserProposal(unknownUserId = '999999999999999999'): void {
    const stranger = new davey.DAVESession(1, unknownUserId, this.channelId);
    stranger.setExternalSender(encodeExternalSenderPackage(this.externalSender));
    const keyPackage = parseKeyPackageMessage(stranger.getSerializedKeyPackage()).keyPackage;
    const message = encodeExternalProposal(this.externalSender, { channelId: this.channelId, epoch: this.epoch, proposal: { kind: 'add', keyPackage } });
    this.#transport.sendBinary(DAVE_OP.proposals, encodeProposalsAppend([message]));
  }

  /** A proposal signed with a key that is not the external sender's; davey rejects it (InvalidSignature). */
  injectWronglySignedProposal(): void {
    const impostor = createExternalSender();
    const leafIndex = this.leaves.findIndex((id) => id !== null && id !== this.botUserId);
    const message = encodeExternalProposal(impostor, { channelId: this.channelId, epoch: this.epoch, proposal: { kind: 'remove', leafIndex: Math.max(0, leafIndex) } });
    this.#transport.sendBinary(DAVE_OP.proposals, encodeProposalsAppend([message]));
  }

  /** Sends any binary DAVE message as the gateway would (e.g. a truncated one). */
  sendRawBinary(op: number, payload: Buffer): void {
    this.#transport.sendBinary(op, payload);
  }

  /** Announces a commit that is not MLS at all under a fresh transition id (the bot should answer op 31). */
  injectInvalidCommit(): void {
    const id = this.#nextTransitionId++;
    this.#transport.sendBinary(DAVE_OP.announceCommit, Buffer.concat([u16(id), Buffer.from('0001000100ffee', 'hex')]));
  }

  // ---- media ----

  /** Takes one transport-decrypted Opus frame from the bot and lets every listener in the call try to decrypt it. */
  receiveFrame(frame: Buffer): FrameResult {
    if (frame.equals(SILENCE)) {
      this.stats.silenceFrames += 1;
      return { kind: 'silence', opus: frame };
    }
    const present = this.present;
    if (present.length === 0) {
      this.stats.framesWhileAlone += 1;
      return isProtocolFrame(frame) ? { kind: 'undecryptable' } : { kind: 'plaintext-alone', opus: frame };
    }
    if (!isProtocolFrame(frame)) {
      const now = preciseNow();
      if (present.every((l) => l.joinedMidCall && now - l.joinedAt < ANNOUNCE_GRACE_MS)) {
        this.stats.plaintextInFlight += 1;
        for (const listener of present) listener.stats.lostJoining += 1;
      } else {
        this.stats.plaintextFrames += 1;
      }
      return { kind: 'plaintext' };
    }
    let result: FrameResult = { kind: 'undecryptable' };
    for (const listener of present) {
      try {
        const opus = listener.session.decrypt(this.botUserId, MEDIA_AUDIO, frame);
        const epoch = listener.session.epoch ?? 0n;
        listener.stats.decrypted += 1;
        listener.stats.epochs.set(String(epoch), (listener.stats.epochs.get(String(epoch)) ?? 0) + 1);
        if (result.kind !== 'decrypted') result = { kind: 'decrypted', opus, epoch };
      } catch {
        if (listener.stats.decrypted > 0) listener.stats.failedInGroup += 1;
        else listener.stats.lostJoining += 1;
      }
    }
    if (result.kind === 'decrypted') this.stats.decryptedFrames += 1;
    else this.stats.undecryptableFrames += 1;
    return result;
  }
}
