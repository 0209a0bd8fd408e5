import type { AudioChunk } from '../../audio/audio-chunk.ts';
import type { SpeechRequest } from '../speech-request.ts';

export interface PhraseCacheLimits {
  /** Longest utterance kept, in seconds of audio: short phrases repeat ("gg", "lol", "Alice said hi"); paragraphs rarely do. */
  readonly maxPhraseSeconds: number;
  /** Memory the cache may hold in all (float samples), in bytes; the least recently used phrases go first. */
  readonly maxBytes: number;
}

/** 8 MB is about 90 s of 22 kHz float audio: hundreds of short phrases per worker. */
const defaultPhraseCacheLimits: PhraseCacheLimits = { maxPhraseSeconds: 4, maxBytes: 8 * 1024 * 1024 };

/** Everything that changes the audio of a request: the voice and its parameters, and the exact text. */
export function phraseKey(voiceId: string, request: SpeechRequest): string {
  return JSON.stringify([voiceId, request.speed ?? 1, request.noiseScale ?? null, request.noiseWidth ?? null, request.speaker ?? null, request.text]);
}

/**
 * The engine audio of short utterances that were spoken to their end, per worker, so a phrase said again costs no
 * synthesis. Only for engines whose output is the same every time (VoiceEngine.repeatable): caching a sampling voice
 * would freeze its variation.
 */
export class PhraseCache {
  readonly #limits: PhraseCacheLimits;
  /** Map order is recency order: the first entry is the least recently used. */
  readonly #entries = new Map<string, { readonly chunks: readonly AudioChunk[]; readonly bytes: number }>();
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(limits: PhraseCacheLimits = defaultPhraseCacheLimits) {
    this.#limits = limits;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Longest phrase kept, in seconds: a caller can stop collecting a longer one early. */
  get maxPhraseSeconds(): number {
    return this.#limits.maxPhraseSeconds;
  }

  /** The chunks of a cached phrase (copies: the caller may transfer them to another thread), or undefined. */
  get(key: string): AudioChunk[] | undefined {
    const entry = this.#entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.chunks.map((chunk) => ({ ...chunk, samples: chunk.samples.slice() }));
  }

  /** Keeps a phrase that was made in full, if it is short enough; evicts the least recently used to make room. */
  put(key: string, chunks: readonly AudioChunk[]): void {
    let seconds = 0;
    let bytes = 0;
    for (const chunk of chunks) {
      seconds += (chunk.samples.length - chunk.overlap) / chunk.sampleRate;
      bytes += chunk.samples.byteLength;
    }
    if (chunks.length === 0 || seconds > this.#limits.maxPhraseSeconds || bytes > this.#limits.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.bytes;
    }
    while (this.#bytes + bytes > this.#limits.maxBytes) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, { bytes: number }];
      this.#entries.delete(oldestKey);
      this.#bytes -= oldest.bytes;
    }
    this.#entries.set(key, { chunks: chunks.map((chunk) => ({ ...chunk, samples: chunk.samples.slice() })), bytes });
    this.#bytes += bytes;
  }
}
