import type { OpusPacketBatch } from '../generator/encoded-speech.ts';
import { GuildPlayback, type GuildPlaybackOptions } from './guild-playback.ts';

export type GuildPlaybackFactory<T = OpusPacketBatch> = (guildId: string) => Omit<GuildPlaybackOptions<T>, 'guildId'>;

/** One GuildPlayback per guild, made on first use. */
export class PlaybackRegistry<T = OpusPacketBatch> {
  readonly #players = new Map<string, GuildPlayback<T>>();
  readonly #factory: GuildPlaybackFactory<T>;

  constructor(factory: GuildPlaybackFactory<T>) {
    this.#factory = factory;
  }

  get(guildId: string): GuildPlayback<T> {
    let playback = this.#players.get(guildId);
    if (!playback) {
      playback = new GuildPlayback({ guildId, ...this.#factory(guildId) });
      this.#players.set(guildId, playback);
    }
    return playback;
  }

  /** Messages queued, prefetched and playing, summed over every guild. */
  get totalDepth(): number {
    let total = 0;
    for (const playback of this.#players.values()) total += playback.depth;
    return total;
  }

  /** Utterances being generated or played, summed over every guild. */
  get totalActiveStreams(): number {
    let total = 0;
    for (const playback of this.#players.values()) total += playback.activeStreams;
    return total;
  }

  find(guildId: string): GuildPlayback<T> | undefined {
    return this.#players.get(guildId);
  }

  /** Stops and forgets a guild's queue (the bot left or was kicked). */
  remove(guildId: string): void {
    this.#players.get(guildId)?.close();
    this.#players.delete(guildId);
  }

  closeAll(): void {
    for (const playback of this.#players.values()) playback.close();
    this.#players.clear();
  }
}
