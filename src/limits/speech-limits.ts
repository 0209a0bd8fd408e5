/**
 * Every limit on what the bot is asked to say, in one place. This file imports nothing, so every layer (config,
 * slash commands, storage, text, generator engines, playback) can read it without creating a dependency between
 * them. Change a limit here and every check, option range and error message follows.
 */

/** An inclusive range of allowed values, with the value used when nothing was chosen. */
export interface LimitRange {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/**
 * Share of what each generator worker gets of a core that the streams it makes may need together before new messages
 * wait for room (GENERATOR_UTILISATION; see src/generator/pool/admission.ts). A worker's room is this times the share
 * of a core its calls measurably get (src/generator/pool/core-share.ts), so it shrinks by itself while other threads
 * or programs take the cores. The rest absorbs the bursts of sentence starts.
 * Measured on 2 cores (neural:slt, 2 workers, `npm run bench -- guilds`), 2026-12-02:
 * - counted against a whole core (before the share was measured): 0.7 let 9 of 24 guilds pause (up to 13 frames);
 *   0.55 gave no pause at 16 but 1-3 of 24 and 32 guilds paused in half the runs, in the first second of a burst
 *   that joins, when the main thread's voice joins left the workers 0.15-0.38 of a core each;
 * - times the measured share, 0.65: no pause in 16, 24 or 32 guilds, two runs each (17:17).
 */
export const GENERATOR_UTILISATION: LimitRange = Object.freeze({ min: 0.1, max: 1, default: 0.65 });

/** Speaking-rate multiplier (1 = the voice's natural rate). Engines reject anything outside it. */
export const SPEED: LimitRange = Object.freeze({ min: 0.5, max: 2.5, default: 1 });

/**
 * How much a voice that samples (Piper: noise_scale and noise_w) may vary its delivery, as a multiple of the voice's
 * trained values: 0 = flat and the same every time, 1 = as trained. 1.5 keeps a typical voice (noise_scale 0.667,
 * noise_w 0.8) at 1.0 and 1.2, inside the 0..1.5 the Piper engine accepts for explicit noise values; a voice is only
 * trained around its defaults, so the top stays close to 1 (not tuned by ear: no trained Piper voice was at hand).
 * Deterministic engines (neural, flite, espeak, Kokoro) ignore it.
 */
export const VARIATION: LimitRange = Object.freeze({ min: 0, max: 1.5, default: 1 });

/**
 * Longest text one request may have, in characters (code points): MAX_TEXT_LENGTH's default and allowed range.
 * A guild's "longest message read" setting is capped by the process value of MAX_TEXT_LENGTH at use time.
 */
export const TEXT_LENGTH: LimitRange = Object.freeze({ min: 1, max: 10_000, default: 1000 });

/** A guild's "longest message read" setting; it may not exceed the process text limit (TEXT_LENGTH). */
export const GUILD_MAX_LENGTH: LimitRange = Object.freeze({ min: 1, max: TEXT_LENGTH.max, default: 300 });

/** Longest text Discord lets a member type into one /say option. */
export const SAY_OPTION_MAX_LENGTH = 2000;

/** Longest run of one repeated character kept ("sooooo" -> "sooo" with 3). */
export const REPEATED_CHARACTER_LIMIT: LimitRange = Object.freeze({ min: 1, max: 20, default: 3 });

/** Messages waiting per guild (QUEUE_MAX_DEPTH). */
export const QUEUE_DEPTH: LimitRange = Object.freeze({ min: 1, max: 1000, default: 20 });

/** Messages one member may queue per rate window (USER_RATE_LIMIT); 0 = no limit. */
export const USER_RATE: LimitRange = Object.freeze({ min: 0, max: 10_000, default: 5 });

/** Length of the rate window in seconds (USER_RATE_WINDOW_SECONDS). */
export const USER_RATE_WINDOW_SECONDS: LimitRange = Object.freeze({ min: 1, max: 3600, default: 10 });

/** Queue length from which speech speeds up to catch up (SPEEDUP_QUEUE_THRESHOLD); 0 = never. */
export const SPEEDUP_QUEUE_THRESHOLD: LimitRange = Object.freeze({ min: 0, max: 1000, default: 3 });

/** Largest catch-up multiplier (SPEEDUP_MAX); never more than an engine's top speed. */
export const SPEEDUP_MAX: LimitRange = Object.freeze({ min: 1, max: SPEED.max, default: 1.5 });

/**
 * Most speaker turns (`[engine:voice]` tags) one message may have. Each turn costs a voice switch in the worker and a
 * pause; a story with more speakers than this is better split into several messages.
 */
export const MAX_SPEAKER_TURNS = 12;

/** Dictionary entries per guild, and the size of one entry. */
export const DICTIONARY = Object.freeze({
  maxEntries: 500,
  maxPatternLength: 100,
  maxReplacementLength: 200,
  /** Largest /dictionary import (file or pasted JSON), in bytes of UTF-8. */
  maxImportBytes: 256 * 1024,
});

/** How long a dictionary file download may take before it is given up (DICTIONARY_IMPORT_TIMEOUT_SECONDS). */
export const DICTIONARY_IMPORT_TIMEOUT_SECONDS: LimitRange = Object.freeze({ min: 1, max: 120, default: 10 });

/** Other per-guild settings. */
export const SKIP_PREFIX_MAX_LENGTH = 16;
export const MAX_IGNORED_IDS = 200;
/** Languages a guild may give a voice of their own (the "voices for other languages" setting). */
export const MAX_LANGUAGE_VOICES = 40;

/**
 * The one form of a voice id, `engine:voice`, for every layer that checks one (settings, DEFAULT_VOICE, the generator's
 * registry): the engine a short lower-case name (any case is accepted and lowered), the voice letters of any script,
 * digits and the punctuation voice file names use; no slashes, so a voice can never name a path.
 */
const VOICE_ID_ENGINE = /^[a-z][a-z0-9_-]{0,31}$/;
const VOICE_ID_VOICE = /^[\p{L}\p{N}_.+-]{1,100}$/u;

/** `engine:voice` split at its first colon, the engine lower case; null when `id` does not have that form. */
export function splitVoiceId(id: string): { readonly engine: string; readonly voiceName: string } | null {
  const trimmed = id.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0) return null;
  const engine = trimmed.slice(0, colon).toLowerCase();
  const voiceName = trimmed.slice(colon + 1);
  return VOICE_ID_ENGINE.test(engine) && VOICE_ID_VOICE.test(voiceName) ? { engine, voiceName } : null;
}

/**
 * The longest message a guild actually gets: its own setting, never above the process limit. Settings stored
 * before the process limit was lowered (or by an older version) are clamped here, at use time.
 */
export function effectiveMaxLength(guildMaxLength: number, processMaxTextLength: number): number {
  const process = Number.isInteger(processMaxTextLength) && processMaxTextLength >= 1 ? processMaxTextLength : TEXT_LENGTH.default;
  const guild = Number.isInteger(guildMaxLength) && guildMaxLength >= 1 ? guildMaxLength : GUILD_MAX_LENGTH.default;
  return Math.min(guild, process);
}

/**
 * Characters no stored setting may hold and no reply may echo: C0/C1 control characters (NUL, ESC, DEL ...) and the
 * bidirectional controls that reorder what follows them on screen (U+202A-U+202E, U+2066-U+2069, LRM, RLM, ALM).
 * Line feed and tab are the only control characters a reply keeps (see safeDisplayText).
 */
export const UNSAFE_TEXT_CHARACTER = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
