import { parseVoiceId } from './voice-id.ts';

/**
 * The cheaper voice a message may be read with when every worker is fully booked (a server's busy-fallback setting):
 * a neural voice's own flite voice (the neural voices are flite re-synthesised by a vocoder; flite alone is about a
 * fifth of the work and the same speaker and words). Other voices have no cheaper twin: undefined, they wait.
 */
export function busyFallbackVoiceFor(voiceId: string): string | undefined {
  try {
    const { engine, voiceName } = parseVoiceId(voiceId);
    return engine === 'neural' ? `flite:${voiceName}` : undefined;
  } catch {
    return undefined;
  }
}
