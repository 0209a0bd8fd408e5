/**
 * The phonemiser Piper and Kokoro need: text -> espeak-ng IPA as piper-phonemize makes it, one string per sentence.
 * src/text/espeak-phonemizer.ts provides it; it is loaded lazily (the espeak-ng WASM instance is only started when a
 * voice that needs it speaks) and can be replaced in tests.
 */
import type { PhonemizeOptions } from '../text/espeak-phonemizer.ts';
import { SpeechError } from './speech-request.ts';

export interface IpaPhonemizer {
  phonemize(text: string, espeakVoice: string, options?: PhonemizeOptions): Promise<string[]>;
  /** Frees the espeak-ng instance; optional so simple stand-ins need not have it. */
  close?(): void;
}

export type PhonemizerLoader = () => Promise<IpaPhonemizer>;

/** Loaded on first use rather than imported statically so that loading an engine does not start espeak-ng. */
export const loadEspeakPhonemizer: PhonemizerLoader = async () => {
  const { EspeakPhonemizer } = await import('../text/espeak-phonemizer.ts');
  return EspeakPhonemizer.create();
};

/** Creates the phonemiser on first use and shares it; a failed start is forgotten so the next call retries. */
export class LazyPhonemizer {
  readonly #load: PhonemizerLoader;
  #pending: Promise<IpaPhonemizer> | undefined;

  constructor(load: PhonemizerLoader) {
    this.#load = load;
  }

  get(): Promise<IpaPhonemizer> {
    if (!this.#pending) {
      const pending = this.#load();
      this.#pending = pending;
      pending.catch(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  /** Phonemises, turning espeak-ng failures (e.g. a voice it does not know) into a message users can act on. */
  async phonemize(text: string, espeakVoice: string, voiceId: string, options?: PhonemizeOptions): Promise<string[]> {
    const phonemizer = await this.get();
    try {
      return await phonemizer.phonemize(text, espeakVoice, options);
    } catch (error) {
      throw new SpeechError('engine-failed', `espeak-ng could not phonemise text for ${voiceId} (espeak voice "${espeakVoice}").`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) (await pending.catch(() => undefined))?.close?.();
  }
}
