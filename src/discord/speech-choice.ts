import type { GuildSettings, UserSettings } from '../storage/settings-store.ts';
import type { VoiceInfo } from '../generator/speech-request.ts';

/** Voice and speed for one message: the command's options win, then the member's choice, the server's, the bot's. */
export function chooseVoiceAndSpeed(
  option: { readonly voice: string | null; readonly speed: number | null },
  user: Pick<UserSettings, 'voice' | 'speed'>,
  guild: Pick<GuildSettings, 'voice' | 'speed'>,
  defaultVoice: string,
): { voice: string; speed: number } {
  return {
    voice: option.voice ?? user.voice ?? guild.voice ?? defaultVoice,
    speed: option.speed ?? user.speed ?? guild.speed,
  };
}

/** Why a voice cannot be used right now, as a user-facing sentence; null when it can. */
export function voiceProblem(voiceId: string, voices: readonly VoiceInfo[]): string | null {
  const voice = voices.find((v) => v.id === voiceId);
  if (!voice) return `I do not know the voice "${voiceId.slice(0, 60)}". Use /voice list to see the installed voices.`;
  if (!voice.installed) {
    return `The voice ${voice.id} is not installed on this bot${voice.fetchCommand ? ` (the owner can run \`${voice.fetchCommand}\`)` : ''}.`;
  }
  return null;
}

/** Autocomplete suggestions: installed voices whose id, language or description contains what was typed. */
export function suggestVoices(voices: readonly VoiceInfo[], typed: string, limit = 25): { name: string; value: string }[] {
  const needle = typed.trim().toLowerCase();
  return voices
    .filter((v) => v.installed)
    .filter((v) => needle === '' || v.id.toLowerCase().includes(needle) || v.language.toLowerCase().includes(needle) || v.description.toLowerCase().includes(needle))
    .slice(0, limit)
    .map((v) => ({ name: truncate(`${v.id} (${v.language})`, 100), value: truncate(v.id, 100) }));
}

/** The /voice list text, within one Discord message. */
export function formatVoiceList(voices: readonly VoiceInfo[], maxLength = 1900): string {
  const installed = voices.filter((v) => v.installed);
  if (installed.length === 0) return 'No voices are installed. The bot owner can fetch some with `npm run models`.';
  const lines: string[] = [];
  let length = 0;
  for (const [index, v] of installed.entries()) {
    const line = `\`${v.id}\` ${v.language} - ${v.description}`.slice(0, 200);
    if (length + line.length + 1 > maxLength) {
      lines.push(`...and ${installed.length - index} more (type in /voice set to search).`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
