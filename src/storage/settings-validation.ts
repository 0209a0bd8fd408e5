import { DICTIONARY, GUILD_MAX_LENGTH, MAX_IGNORED_IDS, MAX_LANGUAGE_VOICES, REPEATED_CHARACTER_LIMIT, SKIP_PREFIX_MAX_LENGTH, SPEED, splitVoiceId, UNSAFE_TEXT_CHARACTER, VARIATION } from '../limits/speech-limits.ts';
import type { DictionaryEntry, GuildSettings, UserSettings } from './settings-store.ts';

export type GuildPatch = Partial<Omit<GuildSettings, 'guildId'>>;
export type UserPatch = Partial<Omit<UserSettings, 'guildId' | 'userId'>>;

/** A setting value a user tried to store is out of range or of the wrong kind. The message is safe to show as is. */
export class SettingsValidationError extends Error {
  /** One line per problem, e.g. `speed must be a number from 0.5 to 2.5 (got 3)`. */
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(issues.length === 1 ? issues[0] : `Invalid settings: ${issues.join('; ')}`);
    this.name = 'SettingsValidationError';
    this.issues = issues;
  }
}


// Ids come from Discord (snowflakes), but fakes in tests use short ones; what matters is that they are usable keys.
const ID_PATTERN = /^[0-9A-Za-z_-]{1,32}$/;
const CONTROL_CHARACTERS_PROBLEM = 'must not contain control characters or text-direction overrides';

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
  } catch {
    return typeof value;
  }
}

function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Throws when a guild or user id cannot be a key; ids come from Discord, so this is a programming error guard. */
export function assertId(kind: string, value: unknown): asserts value is string {
  if (!isValidId(value)) throw new SettingsValidationError([`${kind} must be a Discord id (got ${show(value)})`]);
}

type Check = (value: unknown) => string | null;

const numberIn = (min: number, max: number, integer: boolean): Check => (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))
    ? null
    : `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got ${show(value)})`;

const boolean: Check = (value) => (typeof value === 'boolean' ? null : `must be true or false (got ${show(value)})`);

const idOrNull: Check = (value) => (value === null || isValidId(value) ? null : `must be a Discord id or null (got ${show(value)})`);

const voiceOrNull: Check = (value) =>
  value === null || (typeof value === 'string' && value === value.trim() && splitVoiceId(value) !== null)
    ? null
    : `must be a voice id like "neural:slt" or null (got ${show(value)})`;

const idList: Check = (value) => {
  if (!Array.isArray(value)) return `must be a list of Discord ids (got ${show(value)})`;
  if (value.length > MAX_IGNORED_IDS) return `may hold at most ${MAX_IGNORED_IDS} ids (got ${value.length})`;
  const bad = value.find((item) => !isValidId(item));
  return bad === undefined ? null : `must be a list of Discord ids (${show(bad)} is not one)`;
};

const skipPrefix: Check = (value) => {
  if (typeof value === 'string' && UNSAFE_TEXT_CHARACTER.test(value)) return CONTROL_CHARACTERS_PROBLEM;
  return typeof value === 'string' && value.length <= SKIP_PREFIX_MAX_LENGTH && value.trim() === value
    ? null
    : `must be text of at most ${SKIP_PREFIX_MAX_LENGTH} characters without surrounding spaces (got ${show(value)})`;
};

const LANGUAGE_CODE = /^[a-z]{2,3}$/;

const languageVoices: Check = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `must map language codes to voice ids (got ${show(value)})`;
  const entries = Object.entries(value);
  if (entries.length > MAX_LANGUAGE_VOICES) return `may hold at most ${MAX_LANGUAGE_VOICES} languages (got ${entries.length})`;
  for (const [language, voice] of entries) {
    if (!LANGUAGE_CODE.test(language)) return `must use language codes like "ja" or "ru" (${show(language)} is not one)`;
    if (voiceOrNull(voice) !== null || voice === null) return `must give a voice id like "espeak:ja" for ${language} (got ${show(voice)})`;
  }
  return null;
};

const GUILD_CHECKS: { readonly [K in keyof GuildPatch]-?: Check } = {
  voice: voiceOrNull,
  speed: numberIn(SPEED.min, SPEED.max, false),
  autoreadChannelId: idOrNull,
  autoJoin: boolean,
  announceNames: boolean,
  maxLength: numberIn(GUILD_MAX_LENGTH.min, GUILD_MAX_LENGTH.max, true),
  repeatedCharacterLimit: numberIn(REPEATED_CHARACTER_LIMIT.min, REPEATED_CHARACTER_LIMIT.max, true),
  ignoreBots: boolean,
  requireVoiceChannel: boolean,
  requiredRoleId: idOrNull,
  ignoredUserIds: idList,
  ignoredRoleIds: idList,
  skipPrefix,
  readVoiceChannelChat: boolean,
  readEmoji: boolean,
  languageFallback: boolean,
  languageVoices,
  busyFallback: boolean,
  variation: numberIn(VARIATION.min, VARIATION.max, false),
  watermark: boolean,
};

const USER_CHECKS: { readonly [K in keyof UserPatch]-?: Check } = {
  voice: voiceOrNull,
  speed: (value) => (value === null ? null : numberIn(SPEED.min, SPEED.max, false)(value)),
  variation: (value) => (value === null ? null : numberIn(VARIATION.min, VARIATION.max, false)(value)),
  autoreadSpeakers: boolean,
};

function validatePatch<P extends object>(patch: unknown, checks: Readonly<Record<string, Check>>, what: string): P {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new SettingsValidationError([`${what} settings must be an object of changes (got ${show(patch)})`]);
  }
  const issues: string[] = [];
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
    if (!check) {
      issues.push(`"${key}" is not a ${what} setting`);
      continue;
    }
    const problem = check(value);
    if (problem) issues.push(`${key} ${problem}`);
    else clean[key] = Array.isArray(value) ? [...new Set(value)] : value;
  }
  if (issues.length > 0) throw new SettingsValidationError(issues);
  return clean as P;
}

/** Returns the patch without undefined fields and with id lists de-duplicated; throws listing every bad field. */
export function validateGuildPatch(patch: unknown): GuildPatch {
  return validatePatch<GuildPatch>(patch, GUILD_CHECKS, 'guild');
}

export function validateUserPatch(patch: unknown): UserPatch {
  return validatePatch<UserPatch>(patch, USER_CHECKS, 'user');
}

/** Trims the pattern; the stored key is its lower-case form so "LOL" and "lol" are the same entry. */
export function validateDictionaryEntry(entry: unknown): DictionaryEntry {
  if (typeof entry !== 'object' || entry === null) {
    throw new SettingsValidationError([`dictionary entry must have a pattern and a replacement (got ${show(entry)})`]);
  }
  const { pattern, replacement } = entry as Record<string, unknown>;
  const issues: string[] = [];
  const trimmed = typeof pattern === 'string' ? pattern.trim() : '';
  if (trimmed.length === 0 || trimmed.length > DICTIONARY.maxPatternLength) {
    issues.push(`dictionary pattern must be 1 to ${DICTIONARY.maxPatternLength} characters (got ${show(pattern)})`);
  }
  if (typeof replacement !== 'string' || replacement.length > DICTIONARY.maxReplacementLength) {
    issues.push(`dictionary replacement must be text of at most ${DICTIONARY.maxReplacementLength} characters (got ${show(replacement)})`);
  }
  if (issues.length === 0 && (UNSAFE_TEXT_CHARACTER.test(trimmed) || UNSAFE_TEXT_CHARACTER.test(replacement as string))) {
    issues.push(`dictionary words and replacements ${CONTROL_CHARACTERS_PROBLEM}`);
  }
  if (issues.length > 0) throw new SettingsValidationError(issues);
  return { pattern: trimmed, replacement: (replacement as string).trim() };
}

export function dictionaryKey(pattern: string): string {
  return pattern.trim().toLowerCase();
}
