import type { AudioChunk } from '../audio/audio-chunk.ts';
import type { AudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import type { EncodedSpeech } from './encoded-speech.ts';
import type { SpeechRequest, VoiceInfo } from './speech-request.ts';

/**
 * The main thread's view of text-to-speech. The implementation (src/generator/pool) runs the engines in worker
 * threads; callers only see chunks arriving as they are made.
 */
export interface SpeechGenerator {
  /**
   * Streams mono chunks at the voice's sample rate. The first chunk is small (first clause) so playback starts at
   * once; later chunks are larger. Aborting `signal` ends the iteration promptly and frees the worker within one
   * model call. Bad requests reject with a SpeechError before any audio.
   */
  stream(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<AudioChunk>;
  /**
   * The same speech as finished 20 ms Opus packets, made with `encode` where the audio is made (a worker), so the
   * caller's thread only forwards them. Errors and aborts behave as in stream().
   */
  speak(request: SpeechRequest, encode: AudioPipelineOptions, signal?: AbortSignal): EncodedSpeech;
  listVoices(): Promise<VoiceInfo[]>;
  close(): Promise<void>;
  /**
   * Optional: loads the engines and model sessions of `voices` (ids like `neural:slt`) in every worker and
   * synthesises one short phrase with each (through the audio pipeline too when `encode` is given), so the first real request does not pay for loading, JIT or WASM tier-up.
   * Never rejects for a bad or missing voice: those are logged and skipped, the rest are still warmed.
   */
  warmUp?(voices: string[], encode?: AudioPipelineOptions): Promise<void>;
  /** Optional: false when no worker is left to synthesise (all crashed for good, or closed). For /healthz. */
  isHealthy?(): boolean;
  /**
   * Optional: how booked the generator is. `waiting`: requests waiting for capacity now; `oldestWaitMs`: how long
   * the first of them has waited; `delayed`: requests that have had to wait since start.
   */
  load?(): GeneratorLoad;
}

export interface GeneratorLoad {
  readonly waiting: number;
  readonly oldestWaitMs: number;
  readonly delayed: number;
  /** The smallest share of a core any worker gets now (1 when none is contended or busy; see CoreShare). */
  readonly coreShare: number;
}
