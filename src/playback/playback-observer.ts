import type { GenerationMeasure } from './generation-timer.ts';
import type { SpeechItem } from './speech-item.ts';

/**
 * What a guild's queue tells the outside world (metrics) about its utterances. Every hook is optional; a hook that
 * throws is the observer's bug and is swallowed, so metrics can never break playback.
 */
export interface PlaybackObserver {
  /** The item was accepted into the queue. */
  queued?(item: SpeechItem): void;
  /** Its first Opus frame reached the player; `latencyMs` is from item.receivedAt (null when that is unknown). */
  firstAudio?(item: SpeechItem, latencyMs: number | null): void;
  /**
   * Known once it was made to its end: when its first word was heard, from item.receivedAt (time to first audio plus
   * the audio before the speech, which the listener hears as it plays in real time).
   */
  firstSpeech?(item: SpeechItem, latencyMs: number): void;
  /** Its generation finished normally. */
  generated?(item: SpeechItem, measure: GenerationMeasure): void;
  /** Playback ran dry in the middle of it. */
  underrun?(item: SpeechItem): void;
  /** The audio pipeline clipped this many of its samples. */
  clipped?(item: SpeechItem, samples: number): void;
  /** It failed (generator, pipeline or output); the queue moved on to the next one. */
  failed?(item: SpeechItem, error: unknown): void;
}

/** Calls one hook, keeping an observer's own failure out of the playback loop. */
export function notify<K extends keyof PlaybackObserver>(
  observer: PlaybackObserver | undefined,
  hook: K,
  ...args: Parameters<NonNullable<PlaybackObserver[K]>>
): void {
  const fn = observer?.[hook] as ((...a: typeof args) => void) | undefined;
  if (fn === undefined) return;
  try {
    fn.apply(observer, args);
  } catch {
    // Metrics are best effort.
  }
}
