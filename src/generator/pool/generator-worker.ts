/**
 * Entry point of one generator worker thread: all inference happens here, never on the main thread. Engines are
 * loaded lazily by name, created once and kept (their ONNX sessions stay warm). A request is split into sentences
 * with the text front end (a long first sentence into two pieces) and each piece goes to engine.synthesize(); engine
 * steps of all requests take turns, first chunks first (TurnQueue); chunks go back to the main thread with their
 * buffers transferred, at most `window` ahead of the consumer's acknowledgements. On 'shutdown' the worker finishes
 * its model call, closes its engines and exits by itself.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { SpeechError } from '../speech-request.ts';
import type { SpeechRequest, VoiceInfo } from '../speech-request.ts';
import type { ChunkPlan, EngineFactory, EngineOptions, VoiceEngine } from '../voice-engine.ts';
import { loadManifest } from '../../models/manifest.ts';
import type { VoiceManifest } from '../../models/manifest.ts';
import { notInstalledError, unknownEngineError, unknownVoiceError } from '../registry/voice-registry.ts';
import { parseVoiceId } from '../registry/voice-id.ts';
import { toSerializedError } from './speech-error-transport.ts';
import { defaultChunkPlan } from './pool-config.ts';
import { planSpeechPieces } from './first-clause.ts';
import type { SpeechPiece } from './first-clause.ts';
import { leadingSilenceToDrop } from './leading-silence.ts';
import { TurnQueue } from './turn-queue.ts';
import type { MainToWorker, SynthesizeMessage, VoiceWarmUp, WorkerSetup, WorkerToMain } from './protocol.ts';

type PrepareUtterance = (text: string, options: { language: string; maxCharacters: number }) => string[];

const port = parentPort;
if (!port) throw new Error('generator-worker.ts must run in a worker thread');
const setup = workerData as WorkerSetup;

function post(message: WorkerToMain, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

const log: EngineOptions['log'] = (level, message, fields) => post({ type: 'log', level, message, fields });

// On Linux the nice value is per thread: this lowers only this worker (and the threads it starts), never the main
// thread. Where it is not allowed the worker runs at normal priority.
if (setup.niceness > 0) {
  try {
    setPriority(setup.niceness);
  } catch (error) {
    log('debug', 'could not lower the generator worker priority', { reason: (error as Error).message });
  }
}

const engineOptions: EngineOptions = {
  modelsDir: setup.modelsDir,
  executionProviders: setup.executionProviders,
  intraOpThreads: setup.intraOpThreads,
  log,
};

const engines = new Map<string, Promise<VoiceEngine>>();
const voiceLists = new Map<string, VoiceInfo[]>();
let textModule: Promise<PrepareUtterance> | undefined;
let manifest: Promise<VoiceManifest | undefined> | undefined;

function loadEngine(name: string): Promise<VoiceEngine> {
  const cached = engines.get(name);
  if (cached) return cached;
  if (shutdownController.signal.aborted) return Promise.reject(new SpeechError('aborted', 'The speech worker is shutting down.'));
  const modulePath = setup.engineModules[name];
  if (!modulePath) return Promise.reject(unknownEngineError(name, Object.keys(setup.engineModules)));
  const loading = (async () => {
    const module = (await import(pathToFileURL(modulePath).href)) as { createEngine?: EngineFactory };
    if (typeof module.createEngine !== 'function') throw new Error(`${modulePath} does not export createEngine`);
    return module.createEngine(engineOptions);
  })();
  engines.set(name, loading);
  // A failed load is forgotten so a later request can retry (e.g. after the files were fetched).
  loading.catch(() => engines.delete(name));
  return loading;
}

function loadPrepareUtterance(): Promise<PrepareUtterance> {
  textModule ??= import(pathToFileURL(setup.textModule).href).then((module: { prepareUtterance?: PrepareUtterance }) => {
    if (typeof module.prepareUtterance !== 'function') {
      throw new Error(`${setup.textModule} does not export prepareUtterance`);
    }
    return module.prepareUtterance;
  });
  return textModule;
}

function loadManifestQuietly(): Promise<VoiceManifest | undefined> {
  manifest ??= loadManifest().catch((error: unknown) => {
    log('warn', 'models manifest unavailable', { reason: (error as Error).message });
    return undefined;
  });
  return manifest;
}

async function engineVoices(engine: VoiceEngine, name: string, refresh: boolean): Promise<VoiceInfo[]> {
  let voices = voiceLists.get(name);
  if (!voices || refresh) {
    voices = await engine.listVoices();
    voiceLists.set(name, voices);
  }
  return voices;
}

/** The voice as its engine lists it; unknown or not installed voices get the registry's friendly errors. */
async function findEngineVoice(engine: VoiceEngine, engineName: string, voiceId: string): Promise<VoiceInfo> {
  let voice = (await engineVoices(engine, engineName, false)).find((v) => v.id === voiceId);
  // Voices can be fetched while the bot runs, so a miss re-reads the engine's list once.
  voice ??= (await engineVoices(engine, engineName, true)).find((v) => v.id === voiceId);
  if (voice) {
    if (!voice.installed) throw notInstalledError(voiceId);
    return voice;
  }
  const fetchable = (await loadManifestQuietly())?.voices.some((v) => v.id === voiceId);
  if (fetchable) throw notInstalledError(voiceId);
  throw unknownVoiceError(voiceId, voiceLists.get(engineName)?.map((v) => v.id) ?? []);
}

interface ActiveRequest {
  readonly controller: AbortController;
  credits: number;
  wake: (() => void) | undefined;
}

const active = new Map<number, ActiveRequest>();
/** Work in progress (requests, warm-ups, voice lists); shutdown waits for all of it before the thread may end. */
const tasks = new Set<Promise<void>>();
/** Aborted by shutdown: stops warm-ups, which belong to no request. */
const shutdownController = new AbortController();

function track(task: Promise<void>): void {
  tasks.add(task);
  void task.finally(() => tasks.delete(task));
}

function waitForCredit(state: ActiveRequest): Promise<void> {
  if (state.credits > 0 || state.controller.signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    state.wake = resolve;
  });
}

/** A buffer can be transferred only if the array owns all of it; otherwise send a compact copy. */
function transferable(samples: Float32Array): Float32Array<ArrayBuffer> {
  if (samples.buffer instanceof ArrayBuffer && samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength) {
    return samples as Float32Array<ArrayBuffer>;
  }
  return new Float32Array(samples);
}

/** The plan for piece `index`: only the first piece of an utterance starts with a small chunk. */
function sentencePlan(engine: VoiceEngine, index: number): ChunkPlan {
  const plan = setup.chunkPlan ?? engine.chunkPlan ?? defaultChunkPlan;
  return index === 0 ? plan : { ...plan, firstChunkFrames: plan.chunkFrames };
}

interface PreparedSpeech {
  readonly engine: VoiceEngine;
  readonly voiceId: string;
  readonly voiceName: string;
  /** One engine call each: the sentences, the first one possibly in two pieces (see planSpeechPieces). */
  readonly pieces: readonly SpeechPiece[];
}

/** Everything before the first model call: engine, voice, text front end. Runs outside the turn queue. */
async function prepareSpeech(request: SpeechRequest): Promise<PreparedSpeech> {
  const parsed = parseVoiceId(request.voice);
  const voiceId = `${parsed.engine}:${parsed.voiceName}`;
  const [engine, prepareUtterance] = await Promise.all([loadEngine(parsed.engine), loadPrepareUtterance()]);
  const voice = await findEngineVoice(engine, parsed.engine, voiceId);
  const sentences = prepareUtterance(request.text, { language: voice.language, maxCharacters: setup.maxCharacters });
  return { engine, voiceId, voiceName: parsed.voiceName, pieces: planSpeechPieces(sentences) };
}

/**
 * Runs each piece through its engine, yielding chunks as they come. Checks what engines yield, since a broken engine
 * must fail its request rather than the thread that hosts it.
 */
async function* speakPieces(speech: PreparedSpeech, request: SpeechRequest, signal: AbortSignal): AsyncGenerator<AudioChunk> {
  const { engine, voiceId, voiceName, pieces } = speech;
  for (let index = 0; index < pieces.length && !signal.aborted; index++) {
    const chunkPlan = sentencePlan(engine, index);
    const engineRequest = { ...request, voice: voiceId, text: pieces[index].text, voiceName, chunkPlan };
    let first = true;
    for await (const chunk of engine.synthesize(engineRequest, signal)) {
      if (signal.aborted) return;
      if (!(chunk.samples instanceof Float32Array) || !(chunk.sampleRate > 0)) {
        throw new Error('engine yielded a chunk without Float32Array samples and a sample rate');
      }
      // The rest of a split sentence follows a comma: its call's opening pause would double the comma's.
      const drop = first && pieces[index].continuesSentence && chunk.overlap === 0 ? leadingSilenceToDrop(chunk.samples, chunk.sampleRate) : 0;
      first = false;
      yield drop > 0 ? { ...chunk, samples: chunk.samples.subarray(drop) } : chunk;
    }
  }
}

/** One model call at a time in this worker, the most urgent request first (see TurnQueue). */
const turns = new TurnQueue();

/**
 * A request waiting for its first chunk counts as due this long after it arrived. So a new request goes before every
 * playing request with more audio left than that, but one about to fall silent still gets its next chunk first: with
 * 8 requests started at once on 2 workers (neural:slt), 300 ms roughly halved the gaps the first starters heard
 * (mean 230 -> 100 ms) for about 40 ms more until the median first chunk; 600 ms cost 250 ms more.
 */
const firstChunkGraceMs = 300;

/**
 * Pulls `chunks` one engine step (one model call) per turn. `deadline` is asked at every turn: when this request's
 * listener runs out of audio. Ends quietly when the signal aborts while waiting for a turn.
 */
async function* takeTurns(
  chunks: AsyncIterable<AudioChunk>,
  deadline: () => number,
  signal: AbortSignal,
  onCall: (ms: number) => void = () => undefined,
): AsyncGenerator<AudioChunk> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const release = await turns.acquire(deadline(), signal);
      if (!release) return;
      let result: IteratorResult<AudioChunk>;
      const callStarted = performance.now();
      try {
        result = await iterator.next();
      } finally {
        release();
        onCall(performance.now() - callStarted);
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

function engineOf(voice: unknown): string {
  try {
    return parseVoiceId(voice).engine;
  } catch {
    return '?';
  }
}

async function synthesize(message: SynthesizeMessage): Promise<void> {
  const state: ActiveRequest = { controller: new AbortController(), credits: message.window, wake: undefined };
  active.set(message.id, state);
  const { signal } = state.controller;
  const arrived = performance.now();
  // Playback is taken to start with the first chunk; until then the listener hears nothing since `arrived`.
  let playingSince: number | undefined;
  let sentMs = 0;
  let lastCallMs = 0;
  // A playing request must START its next call early enough to finish before its audio runs out. Chunks grow (up to
  // twice the last one), so twice the last call's time is the lead it needs.
  const deadline = (): number =>
    playingSince === undefined ? arrived + firstChunkGraceMs : playingSince + sentMs - 2 * lastCallMs;
  try {
    const speech = await prepareSpeech(message.request);
    const chunks = takeTurns(speakPieces(speech, message.request, signal), deadline, signal, (ms) => (lastCallMs = ms));
    try {
      let seq = 0;
      for (;;) {
        // Credit first, turn second: a request whose consumer is not reading holds no turn and makes nothing.
        await waitForCredit(state);
        if (signal.aborted) break;
        const next = await chunks.next();
        if (next.done || signal.aborted) break;
        const chunk = next.value;
        playingSince ??= performance.now();
        sentMs += (1000 * Math.max(0, chunk.samples.length - chunk.overlap)) / chunk.sampleRate;
        state.credits--;
        const samples = transferable(chunk.samples);
        post(
          { type: 'chunk', id: message.id, seq: seq++, samples, sampleRate: chunk.sampleRate, overlap: chunk.overlap },
          [samples.buffer],
        );
      }
    } finally {
      await chunks.return(undefined);
    }
    post({ type: 'done', id: message.id, cancelled: signal.aborted });
  } catch (error) {
    if (signal.aborted) {
      post({ type: 'done', id: message.id, cancelled: true });
    } else {
      const engineName = engineOf(message.request.voice);
      const serialized = toSerializedError(error, engineName);
      if (serialized.code === 'engine-failed') {
        log('error', 'engine failed', { engine: engineName, reason: error instanceof Error ? error.stack : String(error) });
      }
      post({ type: 'error', id: message.id, error: serialized });
    }
  } finally {
    active.delete(message.id);
  }
}

/**
 * A short phrase with a clause break: long enough that every stage runs (text front end, engine, a first chunk and a
 * later one), short enough that warming a voice costs well under a second.
 */
const WARM_UP_TEXT = 'Hello, I am ready to read.';
const warmUpSlackMs = 1000;

async function warmUp(id: number, voices: readonly string[]): Promise<void> {
  const results: VoiceWarmUp[] = [];
  // One voice after another: warming is start-up work and must not compete with itself for the cores.
  for (const voice of voices) {
    if (shutdownController.signal.aborted) break;
    const started = performance.now();
    try {
      const request = { text: WARM_UP_TEXT, voice };
      const speech = await prepareSpeech(request);
      // Warming yields to requests that have less than warmUpSlackMs of audio left.
      const deadline = (): number => performance.now() + warmUpSlackMs;
      const chunks = speakPieces(speech, request, shutdownController.signal);
      for await (const chunk of takeTurns(chunks, deadline, shutdownController.signal)) void chunk;
      results.push({ voice, ms: performance.now() - started });
    } catch (error) {
      results.push({ voice, ms: performance.now() - started, error: toSerializedError(error, engineOf(voice)) });
    }
  }
  post({ type: 'warmed', id, voices: results });
}

async function listVoices(id: number): Promise<void> {
  const voices: VoiceInfo[] = [];
  const failures: Array<{ engine: string; message: string }> = [];
  for (const name of Object.keys(setup.engineModules)) {
    if (shutdownController.signal.aborted) break;
    try {
      const engine = await loadEngine(name);
      voices.push(...(await engineVoices(engine, name, true)));
    } catch (error) {
      failures.push({ engine: name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  post({ type: 'voices', id, voices, failures });
}

/**
 * Ends the worker gracefully. The thread must not be torn down while onnxruntime is inside session.run() (or creating
 * a session): the native call runs on another thread and, when it completes into a Node environment that is gone,
 * throws a C++ exception that aborts the whole process. So: cancel everything, wait for every task to reach a point
 * between model calls (engines check the signal there), release the sessions, and let the event loop run dry.
 */
async function shutdown(): Promise<void> {
  if (shutdownController.signal.aborted) return;
  shutdownController.abort();
  for (const state of active.values()) cancel(state);
  while (tasks.size > 0) await Promise.allSettled([...tasks]);
  // Engines still loading are awaited too: creating an ONNX session is a native call like any other.
  const loaded = await Promise.allSettled([...engines.values()]);
  for (const result of loaded) {
    if (result.status !== 'fulfilled') continue;
    try {
      await result.value.close();
    } catch (error) {
      log('warn', 'an engine failed to close', { engine: result.value.engine, reason: (error as Error).message });
    }
  }
  engines.clear();
  // The port was the last thing keeping this thread alive: closing it lets the thread exit with code 0.
  port!.close();
}

function cancel(state: ActiveRequest): void {
  state.controller.abort();
  state.wake?.();
  state.wake = undefined;
}

port.on('message', (message: MainToWorker) => {
  // After shutdown began nothing new starts; the main thread has already failed every request it knew.
  if (shutdownController.signal.aborted && message.type !== 'ack' && message.type !== 'cancel') return;
  switch (message.type) {
    case 'synthesize':
      track(synthesize(message));
      break;
    case 'ack': {
      const state = active.get(message.id);
      if (state) {
        state.credits += message.count;
        state.wake?.();
        state.wake = undefined;
      }
      break;
    }
    case 'cancel': {
      const state = active.get(message.id);
      if (state) cancel(state);
      break;
    }
    case 'list-voices':
      track(listVoices(message.id));
      break;
    case 'warm-up':
      track(warmUp(message.id, message.voices));
      break;
    case 'shutdown':
      void shutdown();
      break;
  }
});
