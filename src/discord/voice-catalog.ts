import type { SpeechGenerator } from '../generator/speech-generator.ts';
import type { VoiceInfo } from '../generator/speech-request.ts';
import type { Clock } from '../playback/clock.ts';

/**
 * listVoices() asks every worker, which is too slow for autocomplete (Discord gives 3 s); the list changes only when
 * models are fetched, so a short cache is plenty.
 */
export class VoiceCatalog {
  readonly #generator: Pick<SpeechGenerator, 'listVoices'>;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  #cached: { at: number; voices: Promise<VoiceInfo[]> } | undefined;

  constructor(generator: Pick<SpeechGenerator, 'listVoices'>, clock: Clock, ttlMs = 60_000) {
    this.#generator = generator;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  list(): Promise<VoiceInfo[]> {
    const now = this.#clock.now();
    if (!this.#cached || now - this.#cached.at > this.#ttlMs) {
      const voices = this.#generator.listVoices();
      this.#cached = { at: now, voices };
      // A failed listing must not be served from the cache for a minute.
      voices.catch(() => {
        if (this.#cached?.voices === voices) this.#cached = undefined;
      });
    }
    return this.#cached.voices;
  }
}
