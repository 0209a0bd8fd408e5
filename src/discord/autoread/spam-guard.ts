/** How many identical messages in a row are read; the next ones are dropped until the author says something else. */
const MAX_IDENTICAL_IN_A_ROW = 2;
const MAX_TRACKED_AUTHORS = 10_000;

/**
 * Drops the third (and later) identical consecutive message of one author, compared case- and space-insensitively,
 * so pasting "lol" ten times is read twice.
 */
export class SpamGuard {
  readonly #last = new Map<string, { text: string; count: number }>();
  readonly #maxInARow: number;

  constructor(maxInARow = MAX_IDENTICAL_IN_A_ROW) {
    this.#maxInARow = maxInARow;
  }

  /** Records the message and says whether it may be read. */
  admit(guildId: string, authorId: string, text: string): boolean {
    const key = `${guildId}:${authorId}`;
    const normalised = text.trim().toLowerCase().replace(/\s+/g, ' ');
    const last = this.#last.get(key);
    const count = last !== undefined && last.text === normalised ? last.count + 1 : 1;
    // Re-insert so the map's order is least recently active first, and cap it: only the latest message matters.
    this.#last.delete(key);
    this.#last.set(key, { text: normalised, count });
    if (this.#last.size > MAX_TRACKED_AUTHORS) this.#last.delete(this.#last.keys().next().value as string);
    return count <= this.#maxInARow;
  }

  forgetGuild(guildId: string): void {
    for (const key of this.#last.keys()) if (key.startsWith(`${guildId}:`)) this.#last.delete(key);
  }
}
