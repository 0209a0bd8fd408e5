import type { SpeechRequest } from '../generator/speech-request.ts';
import type { GuildSettings, UserSettings } from '../storage/settings-store.ts';

/**
 * The request fields that member and server settings decide besides voice and speed, for /say and auto-read alike:
 * the member's variation, else the server's (engines that do not sample ignore it).
 */
export function deliverySettings(
  user: Pick<UserSettings, 'variation'>,
  guild: Pick<GuildSettings, 'variation'>,
): Pick<SpeechRequest, 'variation'> {
  return { variation: user.variation ?? guild.variation };
}
