import type { AudioPipelineOptions } from '../../audio/audio-pipeline-options.ts';
import { typicalVoiceLoudnessLufs } from '../../audio/voice-loudness.ts';
import { EngineCatalog } from './engine-catalog.ts';
import { opusPacketOutput, rawChunkOutput } from './job-output.ts';
import type { PostToMain } from './job-output.ts';
import type { MainToWorker, SynthesizeMessage, VoiceWarmUp, WorkerSetup } from './protocol.ts';
import { chunkScaleForLoad, firstChunkEarlyForLoad, firstChunkScaleForLoad } from './chunk-scale.ts';
import { PhraseCache } from './phrase-cache.ts';
import { SpeechJob } from './speech-job.ts';
import { toSerializedError, engineOf } from './speech-error-transport.ts';
import { prepareSpeech, speakPieces } from './speech-pieces.ts';
import { takeTurns } from './take-turns.ts';
import { TurnQueue } from './turn-queue.ts';
import { CoreShare } from './core-share.ts';
import type { CallTime } from './core-share.ts';
import type { EngineOptions } from '../voice-engine.ts';
import type { SpeechRequest } from '../speech-request.ts';

/**
 * A short phrase with a clause break: long enough that every stage runs (text front end, engine, a first chunk and a
 * later one), short enough that warming a voice costs well under a second.
 */
const WARM_UP_TEXT = 'Hello, I am ready to read.';
/** Warming yields to requests that have less than this much audio left. */
const warmUpSlackMs = 1000;
/** How often at most a busy worker tells the main thread its core share (an idle one has nothing new to tell). */
const coreShareReportMs = 250;

/**
 * The pipeline settings for one voice: unless the caller fixed it, the normaliser starts from the voice's known
 * loudness, so it needs only a short first measurement before audio flows (a voice of unknown level needs a longer
 * one, which would delay the first word; see AudioPipelineOptions.loudnessPrimeSeconds).
 */
function withVoiceLoudness(encode: AudioPipelineOptions, voiceId: string): AudioPipelineOptions {
  if (encode.expectedLoudnessLufs !== undefined) return encode;
  const typical = typicalVoiceLoudnessLufs(voiceId);
  return typical === undefined ? encode : { ...encode, expectedLoudnessLufs: typical };
}

/** A request may leave the watermark out (`watermark: false`, e.g. a guild that turned it off); absent keeps `encode`'s. */
function withRequestWatermark(encode: AudioPipelineOptions, request: SpeechRequest): AudioPipelineOptions {
  return request.watermark === false && encode.watermark ? { ...encode, watermark: false } : encode;
}

/**
 * Everything one generator worker does, as a plain object: the thread entry (generator-worker.ts) only connects it
 * to its port, so tests drive it directly. Engines are loaded lazily and kept (catalog); engine steps of all requests
 * take turns, the most urgent first (TurnQueue); requests are SpeechJobs.
 */
export class WorkerRuntime {
  readonly #setup: WorkerSetup;
  readonly #post: PostToMain;
  readonly #log: EngineOptions['log'];
  readonly #catalog: EngineCatalog;
  readonly #coreShare = new CoreShare();
  #coreShareReportedAt = Number.NEGATIVE_INFINITY;
  readonly #turns = new TurnQueue({ onCall: (time) => this.#callEnded(time) });
  readonly #phrases = new PhraseCache();
  readonly #jobs = new Map<number, SpeechJob>();
  /** Work in progress (requests, warm-ups, voice lists); shutdown waits for all of it. */
  readonly #tasks = new Set<Promise<void>>();
  /** Aborted by shutdown: stops warm-ups, which belong to no request, and engine loading. */
  readonly #shutdown = new AbortController();
  #closed: Promise<void> | undefined;

  constructor(setup: WorkerSetup, post: PostToMain) {
    this.#setup = setup;
    this.#post = post;
    this.#log = (level, message, fields) => post({ type: 'log', level, message, ...(fields ? { fields } : {}) });
    this.#catalog = new EngineCatalog({
      engineModules: setup.engineModules,
      textModule: setup.textModule,
      engineOptions: {
        modelsDir: setup.modelsDir,
        executionProviders: setup.executionProviders,
        intraOpThreads: setup.intraOpThreads,
        ...(setup.neuralVocoder ? { neuralVocoder: setup.neuralVocoder } : {}),
        log: this.#log,
      },
      shutdown: this.#shutdown.signal,
    });
  }

  get log(): EngineOptions['log'] {
    return this.#log;
  }

  /** How the phrase cache is doing (hits, misses, bytes held). */
  get phraseCache(): { readonly hits: number; readonly misses: number; readonly bytes: number } {
    return { hits: this.#phrases.hits, misses: this.#phrases.misses, bytes: this.#phrases.bytes };
  }

  /** Requests in progress. */
  get activeJobs(): number {
    return this.#jobs.size;
  }

  handle(message: MainToWorker): void {
    // After shutdown began nothing new starts; the main thread has already failed every request it knew.
    if (this.#shutdown.signal.aborted && message.type !== 'ack' && message.type !== 'cancel') return;
    switch (message.type) {
      case 'synthesize':
        // A request already running may have put work off while it was alone (EngineRequest.firstChunkEarly).
        if (this.#jobs.size > 0) this.#catalog.catchUp();
        this.#track(this.#synthesize(message));
        break;
      case 'ack':
        this.#jobs.get(message.id)?.acknowledge(message.count);
        break;
      case 'cancel':
        this.#jobs.get(message.id)?.cancel();
        break;
      case 'list-voices':
        this.#track(this.#listVoices(message.id));
        break;
      case 'warm-up':
        this.#track(this.#warmUp(message.id, message.voices, message.encode));
        break;
      case 'shutdown':
        void this.shutdown();
        break;
    }
  }

  /**
   * Cancels everything and waits until every task has reached a point between model calls and every engine is
   * closed. The thread must not be torn down while onnxruntime is inside session.run(): the native call completes
   * into a Node environment that is gone and aborts the whole process. Resolves once nothing is left running.
   */
  shutdown(): Promise<void> {
    this.#closed ??= (async () => {
      this.#shutdown.abort();
      for (const job of this.#jobs.values()) job.cancel();
      while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
      await this.#catalog.closeAll();
    })();
    return this.#closed;
  }

  #track(task: Promise<void>): void {
    this.#tasks.add(task);
    void task.finally(() => this.#tasks.delete(task));
  }

  async #synthesize(message: SynthesizeMessage): Promise<void> {
    const output = message.encode
      ? opusPacketOutput(message.id, withRequestWatermark(withVoiceLoudness(message.encode, message.request.voice), message.request), this.#post)
      : rawChunkOutput(message.id, this.#post);
    const job = new SpeechJob(
      message,
      {
        catalog: this.#catalog,
        turns: this.#turns,
        post: this.#post,
        maxCharacters: this.#setup.maxCharacters,
        ...(this.#setup.chunkPlan ? { chunkPlan: this.#setup.chunkPlan } : {}),
        phrases: this.#phrases,
        chunkScale: () => chunkScaleForLoad(this.#turns.busyShare(), this.#jobs.size),
        firstChunkScale: () => firstChunkScaleForLoad(this.#jobs.size),
        firstChunkEarly: () => firstChunkEarlyForLoad(this.#jobs.size),
        coreShare: () => this.#coreShare.share(performance.now()),
        log: this.#log,
      },
      output,
    );
    this.#jobs.set(message.id, job);
    try {
      await job.run();
    } finally {
      this.#jobs.delete(message.id);
    }
  }

  async #warmUp(id: number, voices: readonly string[], encode: AudioPipelineOptions | undefined): Promise<void> {
    const results: VoiceWarmUp[] = [];
    const signal = this.#shutdown.signal;
    // One voice after another: warming is start-up work and must not compete with itself for the cores.
    for (const voice of voices) {
      if (signal.aborted) break;
      const started = performance.now();
      try {
        const request = { text: WARM_UP_TEXT, voice };
        const speech = await prepareSpeech(this.#catalog, request, this.#setup.maxCharacters);
        const deadline = (): number => performance.now() + warmUpSlackMs;
        const chunks = speakPieces(speech, request, signal, this.#setup.chunkPlan ? { plan: this.#setup.chunkPlan } : {});
        // The packets go nowhere: only the pipeline's first-use costs (resampler, encoder, JIT) are wanted.
        const output = encode ? opusPacketOutput(-1, withVoiceLoudness(encode, voice), () => undefined) : undefined;
        try {
          for await (const chunk of takeTurns(this.#turns, chunks, deadline, signal)) await output?.send(chunk);
          output?.end();
        } finally {
          output?.release();
        }
        results.push({ voice, ms: performance.now() - started });
      } catch (error) {
        results.push({ voice, ms: performance.now() - started, error: toSerializedError(error, engineOf(voice)) });
      }
    }
    this.#post({ type: 'warmed', id, voices: results });
  }

  /** Measures the core share from every model call, and reports it to admission a few times a second while busy. */
  #callEnded(time: CallTime): void {
    const now = performance.now();
    this.#coreShare.record(now, time);
    if (now - this.#coreShareReportedAt < coreShareReportMs) return;
    const share = this.#coreShare.share(now);
    if (share === undefined) return;
    this.#coreShareReportedAt = now;
    this.#post({ type: 'core-share', share });
  }

  async #listVoices(id: number): Promise<void> {
    const { voices, failures } = await this.#catalog.listAll();
    this.#post({ type: 'voices', id, voices, failures });
  }
}
