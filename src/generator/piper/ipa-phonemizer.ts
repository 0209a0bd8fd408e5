/**
 * The phonemiser Piper and Kokoro need: text -> espeak-ng IPA as piper-phonemize makes it, one string per sentence.
 * src/text/espeak-phonemizer.ts provides it; it is loaded lazily (the espeak-ng WASM instance is only started when a
 * voice that needs it speaks) and can be replaced in tests.
 */

export interface IpaPhonemizer {
  phonemize(text: string, espeakVoice: string): Promise<string[]>;
}

export type PhonemizerLoader = () => Promise<IpaPhonemizer>;

interface EspeakPhonemizerModule {
  readonly EspeakPhonemizer?: { create(): Promise<IpaPhonemizer> };
}

// Resolved at run time rather than imported statically so that loading this engine does not start espeak-ng.
const ESPEAK_PHONEMIZER_MODULE = new URL('../../text/espeak-phonemizer.ts', import.meta.url).href;

export const loadEspeakPhonemizer: PhonemizerLoader = async () => {
  const module = (await import(ESPEAK_PHONEMIZER_MODULE)) as EspeakPhonemizerModule;
  if (typeof module.EspeakPhonemizer?.create !== 'function') {
    throw new Error('src/text/espeak-phonemizer.ts does not export EspeakPhonemizer.create()');
  }
  return module.EspeakPhonemizer.create();
};

/** Creates the phonemiser on first use and shares it; a failed start is forgotten so the next call retries. */
export function lazyPhonemizer(load: PhonemizerLoader): () => Promise<IpaPhonemizer> {
  let pending: Promise<IpaPhonemizer> | undefined;
  return () => {
    if (!pending) {
      pending = load();
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
}
