import type { SpeechRequest } from '../generator/speech-request.ts';
import type { GuildSettings, UserSettings } from '../storage/settings-store.ts';

/**
 * The request fields that member and server settings decide besides voice and speed, for /say and auto-read alike:
 * the member's variation, else the server's (engines that do not sample ignore it); and the watermark left out when
 * the server turned it off. With the server's switch on the field stays absent, so the bot's WATERMARK decides.
 */
export function deliverySettings(
  user: Pick<UserSettings, 'variation'>,
  guild: Pick<GuildSettings, 'variation' | 'watermark'>,
): Pick<SpeechRequest, 'variation' | 'watermark'> {
  return { variation: user.variation ?? guild.variation, ...(guild.watermark ? {} : { watermark: false }) };
}
