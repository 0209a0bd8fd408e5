import type { ResourceLimits } from 'node:worker_threads';
import type { AudioChunk } from '../../audio/audio-chunk.ts';
import type { AudioPipelineOptions } from '../../audio/audio-pipeline-options.ts';
import type { EncodedAudioSummary, EncodedSpeech, OpusPacketBatch } from '../encoded-speech.ts';
import { SpeechError } from '../speech-request.ts';
import type { SpeechRequest, VoiceInfo } from '../speech-request.ts';
import type { ChunkPlan, EngineOptions, ExecutionProviderName, NeuralVocoderPrecision } from '../voice-engine.ts';
import { defaultWorkerCount } from '../../config/worker-count.ts';
import { defaultModelsDir } from '../../models/manifest.ts';
import { parseVoiceId } from '../registry/voice-id.ts';
import { resolveEngine } from '../registry/voice-registry.ts';
import { abortError, ChunkStream } from './chunk-stream.ts';
import type { ChunkStreamStats } from './chunk-stream.ts';
import {
  defaultChunkWindow,
  defaultEngineModules,
  defaultIntraOpThreads,
  defaultMaxCharacters,
  defaultTextModule,
  defaultStartingPerWorker,
  defaultUtilisation,
  defaultWorkerNiceness,
} from './pool-config.ts';
import type { VoicesMessage, VoiceWarmUp, WarmedMessage, WorkerSetup, WorkerToMain } from './protocol.ts';
import { Admission, CostEstimates } from './admission.ts';
import { freshCoreShare } from './core-share.ts';
import type { AdmissionCandidate } from './admission.ts';
import { pickWorker } from './scheduler.ts';
import { fromSerializedError } from './speech-error-transport.ts';
import { defaultShutdownGraceMs, WorkerSlot } from './worker-slot.ts';
import type { SlotRequest, SlotSink } from './worker-slot.ts';
import { splitVoiceId } from '../../limits/speech-limits.ts';

export interface GeneratorPoolOptions {
  /** Worker threads; default defaultWorkerCount() (one per core, at most 8). */
  readonly workers?: number;
  /** Engine name -> module path exporting createEngine; default the five built-in engines. */
  readonly engineModules?: Readonly<Record<string, string>>;
  /** Module exporting prepareUtterance; default src/text/text-limits.ts. */
  readonly textModule?: string;
  /** Default: the repo's models/ folder. */
  readonly modelsDir?: string;
  /** Default ['cpu']; the bot passes GENERATOR_PROVIDERS (src/config). */
  readonly executionProviders?: readonly ExecutionProviderName[];
  /** onnxruntime threads per session; default cores / workers. */
  readonly intraOpThreads?: number;
  /** See EngineOptions.neuralVocoder; default 'auto'. */
  readonly neuralVocoder?: NeuralVocoderPrecision;
  /** Longest text accepted (MAX_TEXT_LENGTH); default 1000. */
  readonly maxCharacters?: number;
  /** Overrides every engine's recommended plan (VoiceEngine.chunkPlan); engines without one use defaultChunkPlan. */
  readonly chunkPlan?: ChunkPlan;
  /**
   * Nice value of the worker threads (0 = same as the main thread, up to 19); default defaultWorkerNiceness, so that
   * synthesis never delays the main thread's real-time audio work. Linux-only in effect.
   */
  readonly workerNiceness?: number;
  /** Chunks a worker may send ahead of the consumer; default 4. */
  readonly chunkWindow?: number;
  /**
   * Share of each worker that the streams it generates may need together before new requests wait (admission.ts);
   * default defaultUtilisation.
   */
  readonly utilisation?: number;
  /** Requests per worker that may be starting at once (see Admission); default defaultStartingPerWorker. */
  readonly startingPerWorker?: number;
  /**
   * How long close() lets each worker finish its model call and release its sessions before terminating it (a last
   * resort; see WorkerSlot.close()). Default 3 s.
   */
  readonly shutdownGraceMs?: number;
  /** Per-worker V8 heap limits; a worker that exceeds them dies and is replaced like any crash. */
  readonly resourceLimits?: ResourceLimits;
  readonly log?: EngineOptions['log'];
}

export interface PoolStats {
  readonly workers: number;
  /** Unfinished requests per worker. */
  readonly inFlight: readonly number[];
  /** Requests waiting for a worker with room (see admission.ts), and how long the oldest has waited. */
  readonly waiting: number;
  readonly oldestWaitMs: number;
  /** Requests that have had to wait for capacity since the pool started. */
  readonly delayed: number;
  /** Requests read with their busy fallback voice (SpeechRequest.busyFallbackVoice) since the pool started. */
  readonly fellBack: number;
  /** Share of a core each live worker gets now, as admission counts it (see CoreShare; 1 when it reported none lately). */
  readonly coreShare: readonly number[];
  /** Workers replaced after crashing since the pool started. */
  readonly replacedWorkers: number;
}

/** What warmUp() did, per worker and voice. */
export interface WarmUpReport {
  /** Wall time of the whole warm-up (workers warm in parallel). */
  readonly ms: number;
  readonly workers: ReadonlyArray<{ readonly worker: number; readonly voices: readonly VoiceWarmUp[] }>;
}

/** Plain data only: the request may carry extra properties the structured clone cannot copy. */
function requestPayload(request: SpeechRequest, voice: string): SpeechRequest {
  return {
    text: request.text,
    voice,
    ...(request.speed !== undefined ? { speed: request.speed } : {}),
    ...(request.noiseScale !== undefined ? { noiseScale: request.noiseScale } : {}),
    ...(request.noiseWidth !== undefined ? { noiseWidth: request.noiseWidth } : {}),
    ...(request.variation !== undefined ? { variation: request.variation } : {}),
    ...(request.watermark !== undefined ? { watermark: request.watermark } : {}),
    ...(request.speaker !== undefined ? { speaker: request.speaker } : {}),
    ...(request.turns !== undefined ? { turns: request.turns.map((turn) => ({ voice: turn.voice, text: turn.text })) } : {}),
  };
}

/**
 * Audio a request must have made before it no longer counts as starting (Admission's startingPerWorker): its first
 * three chunks, the costly part of a start, and enough buffered for the listener to ride out the next newcomer's.
 */
const settleSeconds = 1.5;

/** A worker that dies this soon after starting counts towards the crash-loop limit. */
const earlyCrashMs = 5_000;
const maxEarlyCrashesInARow = 5;

const quietLog: EngineOptions['log'] = (level, message, fields) => {
  if (level === 'warn' || level === 'error') console.error(`[generator] ${level}: ${message}`, fields ?? '');
};

/** Worker threads running the engines, a scheduler, and crash replacement. See protocol.ts for the messages. */
export class GeneratorPool {
  private readonly setup: WorkerSetup;
  private readonly slots: Array<WorkerSlot | undefined> = [];
  private readonly window: number;
  private readonly resourceLimits: ResourceLimits | undefined;
  private readonly shutdownGraceMs: number;
  private readonly log: EngineOptions['log'];
  private readonly pendingVoiceLists = new Map<
    number,
    { slot: WorkerSlot; resolve: (message: VoicesMessage) => void; reject: (error: Error) => void }
  >();
  private readonly pendingWarmUps = new Map<
    number,
    { slot: WorkerSlot; resolve: (message: WarmedMessage) => void; reject: (error: Error) => void }
  >();
  /** Voices warmed so far: a worker that replaces a crashed one is warmed with them too. */
  private readonly warmUpVoices = new Set<string>();
  private readonly earlyCrashes: number[] = [];
  /** Seconds of work per second of audio, per voice, as measured (what admission charges a request). */
  private readonly costs = new CostEstimates();
  private readonly admission: Admission;
  /** Requests waiting for capacity (admission), not yet on any worker. */
  private readonly waiting = new Map<number, SlotSink>();
  /** Requests that had to wait for capacity since the pool started. */
  private delayed = 0;
  /** Requests read with their busy fallback voice because no worker had room for their own. */
  private fellBack = 0;
  private nextId = 1;
  private replaced = 0;
  private closed = false;

  constructor(options: GeneratorPoolOptions = {}) {
    const workers = options.workers ?? defaultWorkerCount();
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number >= 1, not ${workers}`);
    const niceness = options.workerNiceness ?? defaultWorkerNiceness;
    if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) {
      throw new RangeError(`workerNiceness must be a whole number from 0 to 19, not ${niceness}`);
    }
    const window = options.chunkWindow ?? defaultChunkWindow;
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`chunkWindow must be a whole number >= 1, not ${window}`);
    this.window = window;
    this.resourceLimits = options.resourceLimits;
    const grace = options.shutdownGraceMs ?? defaultShutdownGraceMs;
    if (!(grace >= 0) || !Number.isFinite(grace)) throw new RangeError(`shutdownGraceMs must be a finite number >= 0, not ${grace}`);
    this.shutdownGraceMs = grace;
    this.log = options.log ?? quietLog;
    this.setup = {
      engineModules: { ...(options.engineModules ?? defaultEngineModules) },
      textModule: options.textModule ?? defaultTextModule,
      modelsDir: options.modelsDir ?? defaultModelsDir,
      executionProviders: [...(options.executionProviders ?? ['cpu'])],
      intraOpThreads: options.intraOpThreads ?? defaultIntraOpThreads(workers),
      ...(options.neuralVocoder ? { neuralVocoder: options.neuralVocoder } : {}),
      maxCharacters: options.maxCharacters ?? defaultMaxCharacters,
      niceness,
      ...(options.chunkPlan ? { chunkPlan: options.chunkPlan } : {}),
    };
    for (let index = 0; index < workers; index++) {
      this.slots.push(this.spawn(index));
      this.earlyCrashes.push(0);
    }
    const utilisation = options.utilisation ?? defaultUtilisation;
    if (!(utilisation > 0 && utilisation <= 1)) throw new RangeError(`utilisation must be above 0 and at most 1, not ${utilisation}`);
    this.admission = new Admission({
      utilisation,
      startingPerWorker: options.startingPerWorker ?? defaultStartingPerWorker,
      costOf: (voiceId) => this.costs.costOf(voiceId),
      shareOf: (worker) => freshCoreShare(this.slots[worker]?.coreShare, performance.now()),
      workers: () => this.slots.flatMap((slot, index) => (slot ? [index] : [])),
      pick: (candidates, voiceId) => {
        const loads = candidates.map((index) => this.slots[index] as WorkerSlot);
        return candidates[Math.max(0, pickWorker(loads, voiceId, splitVoiceId(voiceId)?.engine ?? ''))];
      },
    });
  }

  get engineNames(): string[] {
    return Object.keys(this.setup.engineModules);
  }

  /**
   * Streams one request. Bad voice ids reject at the first next() without touching a worker; everything else the
   * worker reports (unknown voice, bad parameters, too long) rejects as a SpeechError before any audio. An abort
   * rejects the pending next() with a DOMException named 'AbortError' and stops the worker's loop at the next model
   * call.
   */
  stream(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<AudioChunk> & { readonly stats: ChunkStreamStats } {
    const stats: ChunkStreamStats = { received: 0, maxBuffered: 0 };
    let started = false;
    const start = (): AsyncIterator<AudioChunk> => {
      if (started) throw new Error('a speech stream can be iterated only once');
      started = true;
      const iterator = this.start<AudioChunk>(request, signal, undefined, (stream) => ({ kind: 'chunks', stream }));
      if (iterator instanceof ChunkStream) {
        // Expose the live counters of the stream that serves this request.
        Object.defineProperty(stats, 'received', { get: () => iterator.stats.received });
        Object.defineProperty(stats, 'maxBuffered', { get: () => iterator.stats.maxBuffered });
      }
      return iterator;
    };
    return { [Symbol.asyncIterator]: start, stats };
  }

  /**
   * Streams one request as finished Opus packets: the worker that makes the audio also runs the audio pipeline with
   * `encode`, so this thread only forwards packets. Errors and aborts behave as in stream().
   */
  speak(request: SpeechRequest, encode: AudioPipelineOptions, signal?: AbortSignal): EncodedSpeech {
    let started = false;
    const result: { summary: EncodedAudioSummary | undefined } & AsyncIterable<OpusPacketBatch> = {
      summary: undefined,
      [Symbol.asyncIterator]: () => {
        if (started) throw new Error('a speech stream can be iterated only once');
        started = true;
        return this.start<OpusPacketBatch>(request, signal, encode, (stream) => ({
          kind: 'packets',
          stream,
          done: (summary: EncodedAudioSummary | undefined) => (result.summary = summary),
        }));
      },
    };
    return result;
  }

  private start<T>(
    request: SpeechRequest,
    signal: AbortSignal | undefined,
    encode: AudioPipelineOptions | undefined,
    sinkFor: (stream: ChunkStream<T>) => SlotSink,
  ): AsyncIterator<T> {
    const failWith = (error: unknown): AsyncIterator<T> => ({
      next: () => Promise.reject(error),
    });
    if (signal?.aborted) return failWith(abortError(signal.reason));
    if (this.closed) return failWith(new SpeechError('aborted', 'The speech generator has been shut down.'));
    if (typeof request?.text !== 'string') {
      return failWith(new SpeechError('invalid-parameter', 'There is no text to read.'));
    }
    let parsed;
    try {
      parsed = resolveEngine(request.voice, this.engineNames);
    } catch (error) {
      return failWith(error);
    }
    const voiceId = `${parsed.engine}:${parsed.voiceName}`;
    if (!this.slots.some(Boolean)) {
      return failWith(new SpeechError('engine-failed', 'The speech workers keep crashing, so nothing can be read right now.'));
    }
    const id = this.nextId++;
    let slot: WorkerSlot | undefined;
    const stream = new ChunkStream<T>(
      {
        ack: () => slot?.post({ type: 'ack', id, count: 1 }),
        cancel: () => {
          if (!slot) {
            // Still waiting for capacity: it never reached a worker.
            this.waiting.delete(id);
            this.admission.release(id);
            return;
          }
          const entry = slot.requests.get(id);
          if (entry) entry.cancelled = true;
          slot.post({ type: 'cancel', id });
        },
      },
      signal,
    );
    const sink = sinkFor(stream);
    this.waiting.set(id, sink);
    const candidate = (voice: { engine: string; voiceName: string }): AdmissionCandidate => {
      const chosenVoice = `${voice.engine}:${voice.voiceName}`;
      return {
        voiceId: chosenVoice,
        start: (worker) => {
          const chosen = this.slots[worker];
          if (!chosen) return;
          this.waiting.delete(id);
          slot = chosen;
          chosen.requests.set(id, { sink, voiceId: chosenVoice, cancelled: false, playing: false, madeSeconds: 0 });
          chosen.warmEngines.add(voice.engine);
          chosen.warmVoices.add(chosenVoice);
          const payload = requestPayload(request, chosenVoice);
          chosen.post({ type: 'synthesize', id, request: payload, window: this.window, ...(encode ? { encode } : {}) });
        },
      };
    };
    const fallback = request.turns ? undefined : this.busyFallback(request.busyFallbackVoice, voiceId);
    if (fallback) {
      // Own voice if there is room now; otherwise the cheaper voice at once (or, if even that must wait, in line).
      if (this.admission.offer(id, candidate(parsed), { wait: false })) return stream;
      this.fellBack++;
      if (!this.admission.offer(id, candidate(fallback), { overtake: true })) this.delayed++;
      return stream;
    }
    if (!this.admission.offer(id, candidate(parsed))) this.delayed++;
    return stream;
  }

  /** The request's busy fallback voice, resolved, when it is a different, valid voice; undefined otherwise. */
  private busyFallback(voice: string | undefined, own: string): { engine: string; voiceName: string } | undefined {
    if (voice === undefined) return undefined;
    try {
      const parsed = resolveEngine(voice, this.engineNames);
      return `${parsed.engine}:${parsed.voiceName}` === own ? undefined : parsed;
    } catch {
      return undefined;
    }
  }

  /** Voices every engine reports (loading the engines in one worker); engines that fail to load are logged. */
  async listEngineVoices(): Promise<VoiceInfo[]> {
    const live = this.slots.filter((slot): slot is WorkerSlot => slot !== undefined);
    const slot = live[pickWorker(live, '', '')];
    if (!slot) throw new SpeechError('engine-failed', 'The speech workers keep crashing, so voices cannot be listed.');
    const id = this.nextId++;
    const message = await new Promise<VoicesMessage>((resolve, reject) => {
      this.pendingVoiceLists.set(id, { slot, resolve, reject });
      slot.post({ type: 'list-voices', id });
    });
    for (const failure of message.failures) {
      this.log('warn', `voice engine ${failure.engine} is unavailable`, { engine: failure.engine, reason: failure.message });
    }
    for (const name of Object.keys(this.setup.engineModules)) slot.warmEngines.add(name);
    return message.voices;
  }

  /**
   * Loads `voices` in every live worker and synthesises a short phrase with each (see WarmUpMessage). Voices that
   * cannot be warmed are logged and reported, never thrown: a missing voice must not stop the bot from starting.
   * Rejects only when the pool is closed or has no worker left.
   */
  async warmUp(voices: readonly string[], encode?: AudioPipelineOptions): Promise<WarmUpReport> {
    const started = performance.now();
    const wanted = [...new Set(voices)];
    if (this.closed) throw new SpeechError('aborted', 'The speech generator has been shut down.');
    const live = this.slots.filter((slot): slot is WorkerSlot => slot !== undefined);
    if (live.length === 0) throw new SpeechError('engine-failed', 'The speech workers keep crashing, so no voice can be warmed.');
    for (const voice of wanted) this.warmUpVoices.add(voice);
    const workers = await Promise.all(
      live.map(async (slot) => ({ worker: slot.index, voices: (await this.warmSlot(slot, wanted, encode)).voices })),
    );
    return { ms: performance.now() - started, workers };
  }

  private warmSlot(slot: WorkerSlot, voices: readonly string[], encode?: AudioPipelineOptions): Promise<WarmedMessage> {
    const id = this.nextId++;
    return new Promise<WarmedMessage>((resolve, reject) => {
      this.pendingWarmUps.set(id, { slot, resolve, reject });
      slot.post({ type: 'warm-up', id, voices, ...(encode ? { encode } : {}) });
    });
  }

  stats(): PoolStats {
    return {
      workers: this.slots.filter(Boolean).length,
      inFlight: this.slots.map((slot) => slot?.inFlight ?? 0),
      waiting: this.admission.waiting,
      oldestWaitMs: this.admission.oldestWaitMs(),
      delayed: this.delayed,
      fellBack: this.fellBack,
      coreShare: this.slots.flatMap((slot) => (slot ? [freshCoreShare(slot.coreShare, performance.now())] : [])),
      replacedWorkers: this.replaced,
    };
  }

  /**
   * Fails every open stream with SpeechError('aborted'), then shuts the workers down gracefully: each lets its current
   * model call return and releases its ONNX sessions before its thread ends. Resolves once every thread has ended.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const slots = this.slots.filter((slot): slot is WorkerSlot => slot !== undefined);
    this.slots.fill(undefined);
    for (const pending of this.pendingVoiceLists.values()) {
      pending.reject(new SpeechError('aborted', 'The speech generator is shutting down.'));
    }
    this.pendingVoiceLists.clear();
    for (const pending of this.pendingWarmUps.values()) {
      pending.reject(new SpeechError('aborted', 'The speech generator is shutting down.'));
    }
    this.pendingWarmUps.clear();
    for (const sink of this.waiting.values()) sink.stream.fail(new SpeechError('aborted', 'The speech generator is shutting down.'));
    this.waiting.clear();
    for (const slot of slots) {
      for (const entry of slot.requests.values()) {
        entry.sink.stream.fail(new SpeechError('aborted', 'The speech generator is shutting down.'));
      }
      slot.requests.clear();
    }
    // Each worker finishes its model call, releases its sessions and exits by itself (see WorkerSlot.close()).
    const endings = await Promise.all(slots.map((slot) => slot.close(this.shutdownGraceMs)));
    endings.forEach((ending, index) => {
      if (ending === 'terminated') {
        this.log('warn', 'a generator worker did not shut down in time and was terminated', {
          worker: slots[index].index,
          graceMs: this.shutdownGraceMs,
        });
      }
    });
  }

  private spawn(index: number): WorkerSlot {
    return new WorkerSlot(index, this.setup, this.resourceLimits, {
      message: (slot, message) => this.onMessage(slot, message),
      crashed: (slot, reason) => this.onCrash(slot, reason),
    });
  }

  private onMessage(slot: WorkerSlot, message: WorkerToMain): void {
    switch (message.type) {
      case 'chunk': {
        const entry = slot.requests.get(message.id);
        if (entry) entry.playing = true;
        if (entry) this.made(message.id, entry, (message.samples.length - message.overlap) / message.sampleRate);
        if (entry && !entry.cancelled && entry.sink.kind === 'chunks') {
          entry.sink.stream.push({ samples: message.samples, sampleRate: message.sampleRate, overlap: message.overlap });
        }
        break;
      }
      case 'packets': {
        const entry = slot.requests.get(message.id);
        if (entry) entry.playing = true;
        if (entry) this.made(message.id, entry, message.sizes.length * 0.02);
        if (entry && !entry.cancelled && entry.sink.kind === 'packets') {
          let at = 0;
          const packets = message.sizes.map((size) => {
            const packet = Buffer.from(message.data, at, size);
            at += size;
            return packet;
          });
          entry.sink.stream.push({ packets });
        }
        break;
      }
      case 'work': {
        const entry = slot.requests.get(message.id);
        if (entry) this.costs.record(entry.voiceId, message.work.ms, message.work.audioSeconds);
        this.admission.reconsider();
        break;
      }
      case 'done': {
        const entry = slot.requests.get(message.id);
        slot.requests.delete(message.id);
        if (entry && message.work) this.costs.record(entry.voiceId, message.work.ms, message.work.audioSeconds);
        this.admission.release(message.id);
        if (entry?.sink.kind === 'packets') entry.sink.done(message.audio);
        entry?.sink.stream.finish();
        break;
      }
      case 'error': {
        const entry = slot.requests.get(message.id);
        slot.requests.delete(message.id);
        this.admission.release(message.id);
        entry?.sink.stream.fail(fromSerializedError(message.error));
        break;
      }
      case 'voices': {
        const pending = this.pendingVoiceLists.get(message.id);
        this.pendingVoiceLists.delete(message.id);
        pending?.resolve(message);
        break;
      }
      case 'warmed': {
        const pending = this.pendingWarmUps.get(message.id);
        this.pendingWarmUps.delete(message.id);
        for (const result of message.voices) {
          if (result.error) {
            this.log('warn', `could not warm up voice ${result.voice}`, { worker: slot.index, reason: result.error.message });
          } else {
            const { engine, voiceName } = parseVoiceId(result.voice);
            slot.warmEngines.add(engine);
            slot.warmVoices.add(`${engine}:${voiceName}`);
          }
        }
        pending?.resolve(message);
        break;
      }
      case 'core-share':
        slot.coreShare = { share: message.share, at: performance.now() };
        this.admission.reconsider();
        break;
      case 'log':
        this.log(message.level, message.message, { ...message.fields, worker: slot.index });
        break;
    }
  }

  /**
   * Admission forgets what the crashed worker was serving, once its slot holds the replacement (or nothing), so that
   * requests waiting for room start on a live worker. With no worker left, they fail instead of waiting forever.
   */
  private workerReplaced(index: number): void {
    this.admission.forgetWorker(index);
    if (this.slots.some(Boolean)) return;
    for (const [id, sink] of this.waiting) {
      this.admission.release(id);
      sink.stream.fail(new SpeechError('engine-failed', 'The speech workers keep crashing, so nothing can be read right now.'));
    }
    this.waiting.clear();
  }

  /** Counts what a request has made; past its start (settleSeconds) it stops counting as starting for admission. */
  private made(id: number, entry: SlotRequest, seconds: number): void {
    const before = entry.madeSeconds;
    entry.madeSeconds += seconds;
    if (before < settleSeconds && entry.madeSeconds >= settleSeconds) this.admission.settled(id);
  }

  private onCrash(slot: WorkerSlot, reason: string): void {
    if (this.closed || this.slots[slot.index] !== slot) return;
    this.log('error', 'generator worker crashed; replacing it', { worker: slot.index, reason, requests: slot.inFlight });
    for (const entry of slot.requests.values()) {
      entry.sink.stream.fail(
        new SpeechError(
          'worker-crashed',
          `The speech worker stopped unexpectedly (${reason}) while reading this message. Other messages are not affected; please try again.`,
        ),
      );
    }
    for (const [id, pending] of this.pendingVoiceLists) {
      if (pending.slot !== slot) continue;
      this.pendingVoiceLists.delete(id);
      pending.reject(new SpeechError('worker-crashed', `A speech worker stopped unexpectedly (${reason}) while listing voices.`));
    }
    // A crash with a request in flight is blamed on that request; one with nothing to do means start-up is broken.
    const early = slot.inFlight === 0 && Date.now() - slot.startedAt < earlyCrashMs;
    slot.requests.clear();
    this.earlyCrashes[slot.index] = early ? this.earlyCrashes[slot.index] + 1 : 0;
    if (this.earlyCrashes[slot.index] >= maxEarlyCrashesInARow) {
      this.log('error', 'generator worker keeps crashing at start-up; not replacing it again', { worker: slot.index });
      this.slots[slot.index] = undefined;
      this.workerReplaced(slot.index);
      return;
    }
    let crashedWhileWarming = false;
    for (const [id, pending] of this.pendingWarmUps) {
      if (pending.slot !== slot) continue;
      this.pendingWarmUps.delete(id);
      crashedWhileWarming = true;
      // The warm-up lost one worker, not the pool; its voices are reported as not warmed there.
      pending.resolve({ type: 'warmed', id, voices: [] });
    }
    this.replaced++;
    const replacement = this.spawn(slot.index);
    this.slots[slot.index] = replacement;
    this.workerReplaced(slot.index);
    // A replacement is warmed like its predecessor, unless warming may be what killed it (no crash loop).
    if (this.warmUpVoices.size > 0 && !crashedWhileWarming) {
      this.warmSlot(replacement, [...this.warmUpVoices]).catch(() => {
        // Only a close() rejects this; nothing is waiting for it.
      });
    }
  }
}
