import { VARIATION } from '../limits/speech-limits.ts';
import type { GuildSettings } from '../storage/settings-store.ts';

/** Guild settings that /settings set can change; the key is the GuildSettings field. */
export const SETTING_CHOICES = [
  { name: 'default voice', value: 'voice' },
  { name: 'default speed', value: 'speed' },
  { name: 'auto-join the author\'s voice channel', value: 'autoJoin' },
  { name: 'announce names ("Alice said")', value: 'announceNames' },
  { name: 'longest message read (characters)', value: 'maxLength' },
  { name: 'repeated character limit', value: 'repeatedCharacterLimit' },
  { name: 'ignore bots', value: 'ignoreBots' },
  { name: 'only read members in the voice channel', value: 'requireVoiceChannel' },
  { name: 'required role', value: 'requiredRoleId' },
  { name: 'ignored users', value: 'ignoredUserIds' },
  { name: 'ignored roles', value: 'ignoredRoleIds' },
  { name: 'skip prefix', value: 'skipPrefix' },
  { name: 'read the voice channel\'s text chat', value: 'readVoiceChannelChat' },
  { name: 'read emoji', value: 'readEmoji' },
  { name: 'other languages: switch to a voice that can read them', value: 'languageFallback' },
  { name: 'voices for other languages (e.g. ja=espeak:ja ru=espeak:ru)', value: 'languageVoices' },
  { name: 'when the bot is busy: read neural voices with their simpler flite voice', value: 'busyFallback' },
  { name: `variation of sampling voices (Piper): ${VARIATION.min} flat to ${VARIATION.max}, 1 = as trained`, value: 'variation' },
  { name: 'AI-speech watermark in the audio (on/off)', value: 'watermark' },
] as const;

export type SettingKey = (typeof SETTING_CHOICES)[number]['value'];

export type GuildPatch = Partial<Omit<GuildSettings, 'guildId'>>;
export type ParsedSetting = { readonly ok: true; readonly patch: GuildPatch } | { readonly ok: false; readonly message: string };

const TRUE_WORDS = new Set(['on', 'yes', 'true', 'enable', 'enabled', '1']);
const FALSE_WORDS = new Set(['off', 'no', 'false', 'disable', 'disabled', '0']);
const NONE_WORDS = new Set(['none', 'off', 'clear', 'default', '-']);
const ID = /^\d{1,25}$/;

function parseBoolean(raw: string): boolean | undefined {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** `<@123>`, `<@!123>`, `<@&123>` or a bare id -> the id. */
function parseId(token: string): string | undefined {
  const match = /^<@[!&]?(\d{1,25})>$/.exec(token) ?? (ID.test(token) ? [token, token] : null);
  return match?.[1];
}

function parseIdList(raw: string, what: string): ParsedSetting | string[] {
  const text = raw.trim();
  if (NONE_WORDS.has(text.toLowerCase())) return [];
  const tokens = text.split(/[\s,]+/).filter((t) => t !== '');
  const ids: string[] = [];
  for (const token of tokens) {
    const id = parseId(token);
    if (id === undefined) return { ok: false, message: `"${token.slice(0, 40)}" is not a ${what} mention or id.` };
    ids.push(id);
  }
  return [...new Set(ids)];
}

/**
 * Turns what a user typed into /settings set into a patch for the store. Only the form is checked here (a number,
 * a switch, mentions); ranges are checked by the store, whose SettingsValidationError messages are user-safe.
 */
export function parseSettingValue(key: SettingKey, raw: string): ParsedSetting {
  const value = raw.trim();
  switch (key) {
    case 'autoJoin':
    case 'announceNames':
    case 'ignoreBots':
    case 'requireVoiceChannel':
    case 'readVoiceChannelChat':
    case 'readEmoji':
    case 'languageFallback':
    case 'busyFallback':
    case 'watermark': {
      const flag = parseBoolean(value);
      return flag === undefined ? { ok: false, message: `Use on or off for this setting (got "${value.slice(0, 40)}").` } : { ok: true, patch: { [key]: flag } };
    }
    case 'speed':
    case 'maxLength':
    case 'repeatedCharacterLimit':
    case 'variation': {
      const number = Number(value.replace(',', '.'));
      if (value === '' || !Number.isFinite(number)) return { ok: false, message: `That setting needs a number (got "${value.slice(0, 40)}").` };
      const problem = key === 'variation' ? variationProblem(number) : null;
      return problem ? { ok: false, message: problem } : { ok: true, patch: { [key]: number } };
    }
    case 'voice':
      return NONE_WORDS.has(value.toLowerCase()) ? { ok: true, patch: { voice: null } } : { ok: true, patch: { voice: value } };
    case 'requiredRoleId': {
      if (NONE_WORDS.has(value.toLowerCase())) return { ok: true, patch: { requiredRoleId: null } };
      const id = parseId(value);
      return id === undefined ? { ok: false, message: 'Mention one role (or its id), or say none.' } : { ok: true, patch: { requiredRoleId: id } };
    }
    case 'ignoredUserIds':
    case 'ignoredRoleIds': {
      const ids = parseIdList(value, key === 'ignoredUserIds' ? 'user' : 'role');
      return Array.isArray(ids) ? { ok: true, patch: { [key]: ids } } : ids;
    }
    case 'skipPrefix':
      return { ok: true, patch: { skipPrefix: NONE_WORDS.has(value.toLowerCase()) ? '' : value } };
    case 'languageVoices':
      return parseLanguageVoices(value);
  }
}

/** Why `variation` cannot be stored, as a sentence for the member; null when it can. */
export function variationProblem(variation: number): string | null {
  return Number.isFinite(variation) && variation >= VARIATION.min && variation <= VARIATION.max
    ? null
    : `Variation must be from ${VARIATION.min} (flat, the same every time) to ${VARIATION.max}; 1 is the voice as trained (got ${variation}).`;
}

/** "ja=espeak:ja, ru=piper:ru_RU-irina-medium" (or "none") -> the whole map; the store checks codes and voice ids. */
function parseLanguageVoices(value: string): ParsedSetting {
  if (NONE_WORDS.has(value.toLowerCase())) return { ok: true, patch: { languageVoices: {} } };
  const languageVoices: Record<string, string> = {};
  for (const token of value.split(/[\s,;]+/u).filter((t) => t !== '')) {
    const match = /^([A-Za-z]{2,3})=(\S+)$/u.exec(token);
    if (!match) return { ok: false, message: `Write each language as code=voice, e.g. ja=espeak:ja (got "${token.slice(0, 40)}").` };
    languageVoices[match[1].toLowerCase()] = match[2];
  }
  return { ok: true, patch: { languageVoices } };
}

function formatLanguageVoices(voices: Readonly<Record<string, string>>): string {
  const entries = Object.entries(voices);
  return entries.length === 0 ? 'none (an espeak-ng voice)' : entries.map(([language, voice]) => `${language}=${voice}`).join(', ');
}

const onOff = (flag: boolean): string => (flag ? 'on' : 'off');
const mentionList = (ids: readonly string[], prefix: '@' | '@&'): string => (ids.length === 0 ? 'none' : ids.map((id) => `<${prefix}${id}>`).join(' '));

/** The /settings view text. */
export function formatGuildSettings(settings: GuildSettings, defaultVoice: string, maxTextLength = Number.POSITIVE_INFINITY): string {
  const capped = settings.maxLength > maxTextLength ? ` (this bot reads at most ${maxTextLength})` : '';
  return [
    `**Voice:** ${settings.voice ?? `${defaultVoice} (bot default)`}`,
    `**Speed:** ${settings.speed}`,
    `**Auto-read channel:** ${settings.autoreadChannelId === null ? 'off' : `<#${settings.autoreadChannelId}>`}`,
    `**Auto-join:** ${onOff(settings.autoJoin)}`,
    `**Announce names:** ${onOff(settings.announceNames)}`,
    `**Longest message read:** ${settings.maxLength} characters${capped}`,
    `**Repeated character limit:** ${settings.repeatedCharacterLimit}`,
    `**Ignore bots:** ${onOff(settings.ignoreBots)}`,
    `**Only members in the voice channel:** ${onOff(settings.requireVoiceChannel)}`,
    `**Required role:** ${settings.requiredRoleId === null ? 'none' : `<@&${settings.requiredRoleId}>`}`,
    `**Ignored users:** ${mentionList(settings.ignoredUserIds, '@')}`,
    `**Ignored roles:** ${mentionList(settings.ignoredRoleIds, '@&')}`,
    `**Skip prefix:** ${settings.skipPrefix === '' ? 'none' : `\`${settings.skipPrefix}\``}`,
    `**Read the voice channel's chat:** ${onOff(settings.readVoiceChannelChat)}`,
    `**Read emoji:** ${onOff(settings.readEmoji)}`,
    `**Other languages: switch to a voice that can read them:** ${onOff(settings.languageFallback)}`,
    `**Voices for other languages:** ${formatLanguageVoices(settings.languageVoices)}`,
    `**When busy, read neural voices with their flite voice:** ${onOff(settings.busyFallback)}`,
    `**Variation of sampling voices (Piper):** ${settings.variation}`,
    `**AI-speech watermark:** ${onOff(settings.watermark)}`,
  ].join('\n');
}
