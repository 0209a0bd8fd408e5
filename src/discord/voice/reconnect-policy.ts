/** Discord's "disconnected" voice close code: kicked, moved, or the channel was deleted. */
const CLOSE_CODE_DISCONNECTED = 4014;
/** Discord refuses voice without end-to-end encryption (DAVE) with 4017: rejoining cannot help. */
export const CLOSE_CODE_DAVE_REQUIRED = 4017;
/** How long a 4014 may take to turn into a move (the gateway sends the new channel) before it counts as a loss. */
const MOVE_GRACE_MS = 5_000;

export interface DisconnectFacts {
  /** The voice WebSocket close code, when the socket closed. */
  readonly closeCode: number | undefined;
  /** Rejoins already tried since the connection was last ready. */
  readonly attempts: number;
  /** The bot's channel according to the gateway right now; null = the bot is in no channel (kicked or channel gone). */
  readonly botChannelId: string | null;
  /** /leave, shutdown or the leave-when-alone timer asked for this. */
  readonly leftOnPurpose: boolean;
  /** True on the second look at a 4014, after MOVE_GRACE_MS passed without the connection recovering. */
  readonly graceOver: boolean;
}

export type ReconnectAction =
  /** Give the gateway a moment: a move also starts with 4014. */
  | { readonly kind: 'wait-for-move'; readonly timeoutMs: number }
  | { readonly kind: 'rejoin'; readonly delayMs: number }
  /** Forcibly disconnected or left on purpose: clear the queue, do not come back. */
  | { readonly kind: 'leave' }
  /** Tried enough: give up and clear the queue. */
  | { readonly kind: 'give-up' };

export interface ReconnectPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultReconnectPolicy: ReconnectPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** Exponential backoff: base, 2x base, 4x base ... capped. */
export function rejoinDelay(attempt: number, policy: ReconnectPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
}

/** What to do when the voice connection reports Disconnected. */
export function decideAfterDisconnect(facts: DisconnectFacts, policy: ReconnectPolicy): ReconnectAction {
  if (facts.leftOnPurpose) return { kind: 'leave' };
  if (facts.closeCode === CLOSE_CODE_DAVE_REQUIRED) return { kind: 'give-up' };
  if (facts.closeCode === CLOSE_CODE_DISCONNECTED) {
    if (!facts.graceOver) return { kind: 'wait-for-move', timeoutMs: MOVE_GRACE_MS };
    // Still down after the grace period: no channel means someone disconnected the bot on purpose.
    if (facts.botChannelId === null) return { kind: 'leave' };
  }
  if (facts.attempts >= policy.maxAttempts) return { kind: 'give-up' };
  return { kind: 'rejoin', delayMs: rejoinDelay(facts.attempts, policy) };
}
