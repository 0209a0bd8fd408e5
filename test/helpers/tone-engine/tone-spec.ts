/** What each tone voice makes; shared by the engine (in the worker) and the tests that check its audio. */
export const toneVoices = ['a440', 'a880', 'slow', 'crash-exit', 'crash-throw', 'crash-oom', 'fail', 'missing'] as const;

export interface ToneSpec {
  readonly frequency: number;
  readonly sampleRate: number;
  /** Pause before each chunk, standing in for model time. */
  readonly delayMs: number;
}

export function toneSpec(voice: string): ToneSpec {
  switch (voice) {
    case 'a880':
      return { frequency: 880, sampleRate: 24000, delayMs: 0 };
    case 'slow':
    case 'crash-throw': // slow so the uncaught throw, queued as a macrotask, lands before the request can finish
      return { frequency: 440, sampleRate: 16000, delayMs: 15 };
    default:
      return { frequency: 440, sampleRate: 16000, delayMs: 0 };
  }
}

/** 20 ms of tone per character of the sentence, divided by speed: a known duration for any text. */
export function samplesForSentence(text: string, sampleRate: number, speed = 1): number {
  return Math.round(((text.length * 0.02) / speed) * sampleRate);
}
