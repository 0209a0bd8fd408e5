/** setTimeout as an injectable dependency, so the leave-when-alone rule is tested without waiting. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ChannelMember {
  readonly id: string;
  readonly bot: boolean;
}

/** People who could be listening: members of the channel other than bots (including this bot). */
export function countListeners(members: Iterable<ChannelMember>): number {
  let count = 0;
  for (const member of members) if (!member.bot) count++;
  return count;
}

/**
 * Leaves a guild's voice channel after `delayMs` with nobody listening; someone coming back cancels it. One timer
 * per guild.
 */
export class AloneTimer {
  readonly #delayMs: number;
  readonly #scheduler: Scheduler;
  readonly #onAlone: (guildId: string) => void;
  readonly #timers = new Map<string, unknown>();

  constructor(delayMs: number, onAlone: (guildId: string) => void, scheduler: Scheduler = realScheduler) {
    this.#delayMs = delayMs;
    this.#onAlone = onAlone;
    this.#scheduler = scheduler;
  }

  /** Call on every voice state change in the bot's channel with the current listener count. */
  update(guildId: string, listeners: number): void {
    if (listeners > 0) {
      this.cancel(guildId);
      return;
    }
    if (this.#delayMs <= 0 || this.#timers.has(guildId)) return;
    this.#timers.set(
      guildId,
      this.#scheduler.setTimeout(() => {
        this.#timers.delete(guildId);
        this.#onAlone(guildId);
      }, this.#delayMs),
    );
  }

  cancel(guildId: string): void {
    const handle = this.#timers.get(guildId);
    if (handle === undefined) return;
    this.#scheduler.clearTimeout(handle);
    this.#timers.delete(guildId);
  }

  cancelAll(): void {
    for (const guildId of [...this.#timers.keys()]) this.cancel(guildId);
  }

  isPending(guildId: string): boolean {
    return this.#timers.has(guildId);
  }
}
