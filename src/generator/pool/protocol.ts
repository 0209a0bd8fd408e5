import type { AudioPipelineOptions } from '../../audio/audio-pipeline-options.ts';
import type { EncodedAudioSummary } from '../encoded-speech.ts';
import type { SpeechErrorCode, SpeechRequest, VoiceInfo } from '../speech-request.ts';
import type { ChunkPlan, ExecutionProviderName, NeuralVocoderPrecision } from '../voice-engine.ts';

/**
 * The typed messages between the main thread and a generator worker.
 *
 * Every request carries everything needed to serve it (text, voice, parameters), so WHERE it runs is decided in one
 * place on the main thread (scheduler.ts). That is also where batching would go: an engine whose model takes a batch
 * dimension would get the requests for one `engine:voice` that arrive while a worker is busy routed to the same worker
 * (voice affinity already does this), and the worker would gather them between model calls into one batched call,
 * splitting the output back by request id. Nothing in these messages assumes one request per model call.
 */

/** Given to every worker once, as `workerData`. */
export interface WorkerSetup {
  /** Engine name -> absolute path of a module exporting `createEngine: EngineFactory`. */
  readonly engineModules: Readonly<Record<string, string>>;
  /** Absolute path of the module exporting `prepareUtterance(text, { language, maxCharacters }): string[]`. */
  readonly textModule: string;
  readonly modelsDir: string;
  readonly executionProviders: readonly ExecutionProviderName[];
  readonly intraOpThreads: number;
  /** See EngineOptions.neuralVocoder. */
  readonly neuralVocoder?: NeuralVocoderPrecision;
  /** Longest text accepted, in characters. */
  readonly maxCharacters: number;
  /**
   * Nice value (0..19) the worker gives its own thread, and so the onnxruntime threads it starts, so that the main
   * thread (gateway, Opus encoding, the 20 ms packet clock) always wins the cores from synthesis.
   */
  readonly niceness: number;
  /**
   * Chunk sizing for the first sentence; later sentences use chunkFrames for their first chunk as well. Absent: each
   * engine's own recommended plan (VoiceEngine.chunkPlan), else defaultChunkPlan.
   */
  readonly chunkPlan?: ChunkPlan;
}

export type MainToWorker =
  | SynthesizeMessage
  | AckMessage
  | CancelMessage
  | ListVoicesMessage
  | WarmUpMessage
  | ShutdownMessage;

export interface SynthesizeMessage {
  readonly type: 'synthesize';
  readonly id: number;
  readonly request: SpeechRequest;
  /** How many chunk (or packets) messages the worker may send before it waits for acknowledgements (flow control). */
  readonly window: number;
  /**
   * Present: the worker runs the audio pipeline itself (loudness, resampling, Opus with these settings) and answers
   * with 'packets' messages of finished 20 ms Opus packets instead of raw 'chunk' messages, so the main thread only
   * forwards them. Absent: raw engine chunks at the voice's rate.
   */
  readonly encode?: AudioPipelineOptions;
}

/** The consumer took `count` more chunks off its buffer: the worker may send that many more. */
export interface AckMessage {
  readonly type: 'ack';
  readonly id: number;
  readonly count: number;
}

export interface CancelMessage {
  readonly type: 'cancel';
  readonly id: number;
}

export interface ListVoicesMessage {
  readonly type: 'list-voices';
  readonly id: number;
}

/**
 * Load these voices' engines and sessions and synthesise one short phrase with each (discarding the audio), so JIT,
 * WASM tier-up and onnxruntime first-run costs are paid before the first user request.
 */
export interface WarmUpMessage {
  readonly type: 'warm-up';
  readonly id: number;
  readonly voices: readonly string[];
  /** Present: the phrase also goes through the audio pipeline with these settings (resampler made, Opus warm). */
  readonly encode?: AudioPipelineOptions;
}

/**
 * The pool is closing: the worker cancels everything, takes no new work, lets the model call in progress return,
 * closes its engines (ONNX sessions released) and then exits by itself. See WorkerSlot.close() for why the main
 * thread must not simply terminate() it.
 */
export interface ShutdownMessage {
  readonly type: 'shutdown';
}

export type WorkerToMain =
  | ChunkMessage | PacketsMessage | WorkMessage | CoreShareMessage | DoneMessage | ErrorMessage | VoicesMessage | LogMessage | WarmedMessage;

export interface ChunkMessage {
  readonly type: 'chunk';
  readonly id: number;
  /** 0, 1, 2, ... within the request; lets the main thread assert ordering. */
  readonly seq: number;
  /** Transferred, not copied. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly overlap: number;
}

/** Finished Opus packets (20 ms each, in order) of an encoded request: one buffer, cut by `sizes`. */
export interface PacketsMessage {
  readonly type: 'packets';
  readonly id: number;
  readonly seq: number;
  /** Transferred, not copied: the packets back to back. */
  readonly data: ArrayBuffer;
  readonly sizes: readonly number[];
}

/** What a request's work so far cost, sent once early in the request (see SpeechJob), for admission's costs. */
export interface WorkMessage {
  readonly type: 'work';
  readonly id: number;
  readonly work: WorkMeasure;
}

/** The share of a core the worker's recent model calls got (CoreShare), sent a few times a second while it is busy. */
export interface CoreShareMessage {
  readonly type: 'core-share';
  readonly share: number;
}

/** The worker thread's CPU time in model calls and the audio pipeline, against the audio they made. */
export interface WorkMeasure {
  readonly ms: number;
  readonly audioSeconds: number;
}

/** The request is finished (all audio sent, or cancelled); the worker holds nothing for it any more. */
export interface DoneMessage {
  readonly type: 'done';
  readonly id: number;
  readonly cancelled: boolean;
  /** Encoded requests only. */
  readonly audio?: EncodedAudioSummary;
  /** Completed requests: what the whole request cost (admission costs). */
  readonly work?: WorkMeasure;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly id: number;
  readonly error: SerializedSpeechError;
}

export interface VoicesMessage {
  readonly type: 'voices';
  readonly id: number;
  readonly voices: VoiceInfo[];
  /** Engines that could not be loaded, with the reason, so listVoices() can log them instead of failing. */
  readonly failures: Array<{ engine: string; message: string }>;
}

export interface WarmedMessage {
  readonly type: 'warmed';
  readonly id: number;
  readonly voices: VoiceWarmUp[];
}

/** How warming one voice in one worker went. */
export interface VoiceWarmUp {
  readonly voice: string;
  /** Wall time spent on this voice in the worker: engine load, session load, the phrase. */
  readonly ms: number;
  /** Set when the voice could not be warmed (unknown, not installed, engine failed); the worker is still usable. */
  readonly error?: SerializedSpeechError;
}

export interface LogMessage {
  readonly type: 'log';
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

export interface SerializedSpeechError {
  readonly code: SpeechErrorCode;
  readonly message: string;
}
