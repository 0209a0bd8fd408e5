import type { Clock } from '../../playback/clock.ts';

const ANNOUNCE_WINDOW_MS = 60_000;

/**
 * "Alice said" before a message, unless Alice was also the last person read in this guild and that was less than a
 * minute ago: a conversation reads naturally, a monologue does not repeat the name every line.
 */
export class NameAnnouncer {
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #last = new Map<string, { userId: string; at: number }>();

  constructor(clock: Clock, windowMs = ANNOUNCE_WINDOW_MS) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /** Records that `userId` is read now and says whether to announce the name. */
  shouldAnnounce(guildId: string, userId: string): boolean {
    const now = this.#clock.now();
    const last = this.#last.get(guildId);
    this.#last.set(guildId, { userId, at: now });
    return !(last !== undefined && last.userId === userId && now - last.at < this.#windowMs);
  }

  forget(guildId: string): void {
    this.#last.delete(guildId);
  }
}
