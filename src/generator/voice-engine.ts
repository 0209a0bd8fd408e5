import type { AudioChunk } from '../audio/audio-chunk.ts';
import type { ExecutionProviderName, NeuralVocoderPrecision } from '../config/bot-config.ts';
import type { SpeechRequest, VoiceInfo } from './speech-request.ts';

/** Chunk sizing shared by every engine: small first chunk, larger later ones. */
export interface ChunkPlan {
  /** Mel/decoder frames in the first chunk (neural vocoders, Piper decoder); default about 0.3 s of audio. */
  readonly firstChunkFrames: number;
  /** Frames in every later chunk; default 20 frames of 80 ms (= 1.6 s) as the seed did. */
  readonly chunkFrames: number;
  /** Frames of context computed on each side of a chunk and thrown away (HiFi-GAN needs 16). */
  readonly contextFrames: number;
  /** Length of the crossfade overlap handed to the pipeline, in seconds (default 0.01). */
  readonly overlapSeconds: number;
  /**
   * Optional ramp: chunks after the first grow by this factor each (e.g. 2: 12, 24, 48, ...) until chunkFrames, so
   * the second chunk is ready before the small first one has finished playing. Absent: straight to chunkFrames.
   */
  readonly growth?: number;
}

/**
 * What an engine gets: ONE sentence (already split and normalised by src/text in the worker) with the voice split
 * into engine and name. The worker calls the engine once per sentence; only the first sentence of an utterance gets
 * the small `firstChunkFrames`, later ones have firstChunkFrames === chunkFrames.
 */
export interface EngineRequest extends SpeechRequest {
  /** The part after `engine:` in `voice`. */
  readonly voiceName: string;
  readonly chunkPlan: ChunkPlan;
  /**
   * Set for the piece that starts an utterance: at most this much silence (seconds) is wanted before the first
   * sound, so an engine that makes its audio in stages may drop the rest before the expensive stage (the neural
   * voices skip vocoding flite's ~0.2 s opening pause, which also puts speech into the first chunk). Engines that
   * ignore it are trimmed by the audio pipeline instead.
   */
  readonly leadingSilenceSeconds?: number;
  /**
   * Set when the request is alone on its worker: an engine whose front end makes a whole sentence before the first
   * chunk's model call may stop once it has that chunk's input and make the rest at its next call (flite waits
   * mid-sentence), so the first chunk comes sooner. Not set beside other streams: the rest would make the next call
   * heavier than the turn deadlines expect (playout-deadline.ts), with the listener living on one short chunk.
   */
  readonly firstChunkEarly?: boolean;
}

/**
 * One TTS engine (neural, flite, piper, kokoro, espeak). Instances live inside a generator worker thread and keep
 * their ONNX sessions / WASM instances warm between requests.
 */
export interface VoiceEngine {
  /** The prefix before the colon in voice ids. */
  readonly engine: string;
  /**
   * Optional: the chunk sizes this engine was measured to work best with. The pool uses it when its caller sets no
   * plan of its own; engines without one get the pool's defaultChunkPlan.
   */
  readonly chunkPlan?: ChunkPlan;
  /**
   * True when the same request always gives the same audio (no sampling), so a worker may keep short phrases and say
   * them again without synthesis (phrase-cache.ts). Absent: never cached.
   */
  readonly repeatable?: boolean;
  listVoices(): Promise<VoiceInfo[]>;
  /** Throws SpeechError for unknown voices, missing files, out-of-range parameters. */
  synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk>;
  /**
   * Optional: another request has reached this worker, so finish now whatever was put off to make a first chunk
   * early (EngineRequest.firstChunkEarly). Done here it falls between turns, before the newcomer's first call, and
   * not into the early request's next call, whose deadline was set by its short first one.
   */
  catchUp?(): void;
  close(): Promise<void>;
}

/** What every engine factory gets from the worker that hosts it. */
export interface EngineOptions {
  /** Folder with downloaded voices (`models/voices` by default) and shipped weights (`models/`). */
  readonly modelsDir: string;
  /** ONNX execution providers to try in order, e.g. ['cuda', 'cpu']; CPU is always the last resort. */
  readonly executionProviders: readonly ExecutionProviderName[];
  /** onnxruntime intra-op threads per session. */
  readonly intraOpThreads: number;
  /**
   * Precision of the neural voices' HiFi-GAN vocoder: 'int8' (about 30 % less CPU, same intelligibility; see
   * models/hifigan/PROVENANCE.md), 'fp32', or 'auto' (default): fp32 when CUDA is the first provider, else int8.
   */
  readonly neuralVocoder?: NeuralVocoderPrecision;
  readonly log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

// The names are configuration (GENERATOR_PROVIDERS); engines get them from here.
export type { ExecutionProviderName, NeuralVocoderPrecision };

/**
 * Each engine folder (src/generator/<engine>/index.ts) exports a factory of this type named `createEngine`, so the
 * worker can load engines by name without knowing them.
 */
export type EngineFactory = (options: EngineOptions) => Promise<VoiceEngine>;
