import { busyFallbackVoiceFor } from '../generator/registry/busy-fallback.ts';
import type { SpeechRequest } from '../generator/speech-request.ts';
import type { GuildSettings } from '../storage/settings-store.ts';

/** The request field that lets a busy generator read `voice` with its cheaper twin, when the server allows it. */
export function busyFallback(settings: Pick<GuildSettings, 'busyFallback'>, voice: string): Pick<SpeechRequest, 'busyFallbackVoice'> {
  const fallback = settings.busyFallback ? busyFallbackVoiceFor(voice) : undefined;
  return fallback === undefined ? {} : { busyFallbackVoice: fallback };
}
