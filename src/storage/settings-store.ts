/**
 * Where guild and user settings live. SQLite (node:sqlite) is the default implementation; PostgreSQL serves
 * multi-process (sharded) deployments. Everything here survives a restart.
 */
export interface GuildSettings {
  readonly guildId: string;
  /** Default voice id (`engine:voice`) for members who have not chosen one; null = the bot's configured default. */
  readonly voice: string | null;
  /** Default speed multiplier. */
  readonly speed: number;
  /** Text channel whose messages are read aloud; null = auto-read off. */
  readonly autoreadChannelId: string | null;
  /** Join the author's voice channel when a message arrives and the bot is not connected. */
  readonly autoJoin: boolean;
  /** Say "Alice said" before a message (skipped when the same person spoke again within 60 s). */
  readonly announceNames: boolean;
  /** Longest message read, in characters; the rest becomes a spoken "and so on". */
  readonly maxLength: number;
  /** Longest run of one repeated character kept ("sooooo" -> "sooo" with 3). */
  readonly repeatedCharacterLimit: number;
  readonly ignoreBots: boolean;
  /** Only read messages of members who are in the bot's voice channel. */
  readonly requireVoiceChannel: boolean;
  /** Role a member must have to be read / to use /say; null = anyone. */
  readonly requiredRoleId: string | null;
  readonly ignoredUserIds: readonly string[];
  readonly ignoredRoleIds: readonly string[];
  /** Messages starting with this are not read (e.g. "!" or "//"); empty = none. */
  readonly skipPrefix: string;
  /** Also read the voice channel's own text chat. */
  readonly readVoiceChannelChat: boolean;
  /** Read unicode emoji by their short name ("thumbs up") instead of dropping them. */
  readonly readEmoji: boolean;
  /**
   * When the chosen voice cannot read a message's script (Japanese text, an English voice), read it with a voice
   * that can: `languageVoices`, the server's or the bot's default voice, else an espeak-ng voice. Off: refuse clearly.
   */
  readonly languageFallback: boolean;
  /** Language code (`ja`, `ru`, `ar`) -> the voice this server wants for text in that language. */
  readonly languageVoices: Readonly<Record<string, string>>;
  /**
   * When every speech worker is fully booked, read a neural voice's message at once with its plain flite voice
   * (about a fifth of the work) instead of waiting for room. Off: messages wait their turn in their own voice.
   */
  readonly busyFallback: boolean;
  /**
   * How much voices that sample (Piper) vary their delivery for members who did not choose: 0 = flat and the same
   * every time, 1 = as the voice was trained, up to VARIATION.max. Other engines ignore it.
   */
  readonly variation: number;
  /**
   * Mark this server's speech with the inaudible AI-speech watermark (on by default). Off leaves it out even when the
   * bot's WATERMARK is on; on follows WATERMARK, so a bot owner who turned it off is not overruled.
   */
  readonly watermark: boolean;
}

export interface UserSettings {
  readonly guildId: string;
  readonly userId: string;
  readonly voice: string | null;
  readonly speed: number | null;
  /** The member's own variation (see GuildSettings.variation); null = the server's. */
  readonly variation: number | null;
  /**
   * Auto-read reads this member's `[engine:voice]` speaker markup as several voices, as /say does; off (the default)
   * reads the brackets as text, so nobody's messages change voice by accident.
   */
  readonly autoreadSpeakers: boolean;
}

export interface DictionaryEntry {
  /** Matched case-insensitively on word boundaries. */
  readonly pattern: string;
  readonly replacement: string;
}

/** What one batch of dictionary entries did: counts for every outcome, so a partial import can say so. */
export interface DictionaryImportResult {
  /** New entries stored. */
  readonly added: number;
  /** Entries that replaced one with the same word. */
  readonly updated: number;
  /** New entries not stored because the guild's dictionary was full. */
  readonly refusedFull: number;
}

export interface SettingsStore {
  getGuild(guildId: string): Promise<GuildSettings>;
  updateGuild(guildId: string, patch: Partial<Omit<GuildSettings, 'guildId'>>): Promise<GuildSettings>;
  getUser(guildId: string, userId: string): Promise<UserSettings>;
  updateUser(guildId: string, userId: string, patch: Partial<Omit<UserSettings, 'guildId' | 'userId'>>): Promise<UserSettings>;
  listDictionary(guildId: string): Promise<DictionaryEntry[]>;
  /** Adds or replaces the entry for `pattern`. */
  putDictionaryEntry(guildId: string, entry: DictionaryEntry): Promise<void>;
  /**
   * Adds or replaces many entries in one transaction (one commit, not one per entry). New entries beyond the guild's
   * cap are counted as refused, not an error; an invalid entry refuses the whole batch (SettingsValidationError).
   * When the same word appears twice, the later entry wins.
   */
  putDictionaryEntries(guildId: string, entries: readonly DictionaryEntry[]): Promise<DictionaryImportResult>;
  /** Returns false when there was no such entry. */
  removeDictionaryEntry(guildId: string, pattern: string): Promise<boolean>;
  /** Guilds with auto-read on, for start-up. */
  listAutoreadGuilds(): Promise<GuildSettings[]>;
  close(): Promise<void>;
}
