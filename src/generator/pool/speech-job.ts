import type { AudioChunk } from '../../audio/audio-chunk.ts';
import type { ChunkPlan } from '../voice-engine.ts';
import type { EngineCatalog } from './engine-catalog.ts';
import type { JobOutput, PostToMain } from './job-output.ts';
import { phraseKey } from './phrase-cache.ts';
import { PlayoutDeadline } from './playout-deadline.ts';
import { needsStartCushion } from './start-cushion.ts';
import type { PhraseCache } from './phrase-cache.ts';
import type { SynthesizeMessage } from './protocol.ts';
import { engineOf, toSerializedError } from './speech-error-transport.ts';
import { prepareSpeech, speakPieces } from './speech-pieces.ts';
import { takeTurns, threadCpuMs } from './take-turns.ts';
import { speakTurns } from './turn-speech.ts';
import type { TurnQueue } from './turn-queue.ts';

/**
 * Audio a request makes before it reports what that cost (a WorkMessage), so admission learns a voice's cost on this
 * machine within a second or two of the first requests instead of when they end: streams made side by side all end
 * late, together, and until then admission goes by its prior guess.
 */
const earlyWorkReportSeconds = 3;

async function* replay(chunks: readonly AudioChunk[]): AsyncGenerator<AudioChunk> {
  yield* chunks;
}

export interface SpeechJobContext {
  readonly catalog: EngineCatalog;
  readonly turns: TurnQueue;
  readonly post: PostToMain;
  readonly maxCharacters: number;
  readonly chunkPlan?: ChunkPlan;
  /** Short phrases of repeatable voices, said again without synthesis. */
  readonly phrases: PhraseCache;
  /** How much larger later chunks should be right now (see piecePlan); 1 when the worker is idle. */
  readonly chunkScale: () => number;
  /** How much larger the first chunk should be right now (see firstChunkScaleForLoad); 1 alone on the worker. */
  readonly firstChunkScale: () => number;
  /** Whether engines may make a sentence's first chunk early right now (see firstChunkEarlyForLoad); default no. */
  readonly firstChunkEarly?: () => boolean;
  /** The share of a core this worker's calls get now (CoreShare), undefined when not measured; absent: never starved. */
  readonly coreShare?: () => number | undefined;
  readonly log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/**
 * One request in a worker: prepares the text, takes turns at the engine, and sends what it makes through its output
 * at most `window` messages ahead of the consumer's acknowledgements. Always ends with exactly one 'done' or 'error'.
 */
export class SpeechJob {
  readonly #message: SynthesizeMessage;
  readonly #context: SpeechJobContext;
  readonly #output: JobOutput;
  readonly #controller = new AbortController();
  #credits: number;
  #wake: (() => void) | undefined;

  constructor(message: SynthesizeMessage, context: SpeechJobContext, output: JobOutput) {
    this.#message = message;
    this.#context = context;
    this.#output = output;
    this.#credits = message.window;
  }

  /** The consumer took `count` more messages off its buffer. */
  acknowledge(count: number): void {
    this.#credits += count;
    this.#wakeUp();
  }

  cancel(): void {
    this.#controller.abort();
    this.#wakeUp();
  }

  async run(): Promise<void> {
    const { id, request } = this.#message;
    const { signal } = this.#controller;
    const playout = new PlayoutDeadline(performance.now());
    let sentMs = 0;
    let workMs = 0;
    const deadline = (): number => playout.due(this.#output.releasedSeconds);
    try {
      const { turns } = request;
      // A multi-speaker request prepares each turn itself (turn-speech.ts) and is never a cached phrase.
      const speech = turns && turns.length > 0 ? undefined : await prepareSpeech(this.#context.catalog, request, this.#context.maxCharacters);
      const phrases = this.#context.phrases;
      const key = speech?.engine.repeatable === true ? phraseKey(speech.voiceId, request) : undefined;
      const cached = key === undefined ? undefined : phrases.get(key);
      // What a miss makes is kept (copied: the output transfers its buffers) in case the phrase is short enough.
      let recorded: AudioChunk[] | undefined = key !== undefined && !cached ? [] : undefined;
      // The first chunk's length is chosen before the engine's first call, which can take a while (flite reads the
      // whole first sentence). If the worker has taken more requests meanwhile (a burst), that chunk is shorter than
      // a listener beside them needs: it is held back and released together with the next one.
      let plannedFirstScale: number | undefined;
      const firstChunkScale = (): number => (plannedFirstScale = this.#context.firstChunkScale());
      const speakOptions = { ...(this.#context.chunkPlan ? { plan: this.#context.chunkPlan } : {}), chunkScale: this.#context.chunkScale,
        firstChunkScale, ...(this.#context.firstChunkEarly ? { firstChunkEarly: this.#context.firstChunkEarly } : {}) };
      // Chunks made but not released yet: the first one (above), or on a starved worker all of them until the
      // listener would start with a cushion (start-cushion.ts).
      const held: AudioChunk[] = [];
      let recordedSeconds = 0;
      const chunks = cached
        ? replay(cached)
        : takeTurns(this.#context.turns, speech
          ? speakPieces(speech, request, signal, speakOptions)
          : speakTurns(this.#context.catalog, { ...request, turns: turns ?? [] }, this.#context.maxCharacters, signal, speakOptions), deadline, signal, (time) => {
          playout.callEnded(time.wallMs);
          workMs += time.cpuMs;
        });
      let audio;
      try {
        for (;;) {
          // Credit first, turn second: a request whose consumer is not reading holds no turn and makes nothing.
          await this.#waitForCredit();
          if (signal.aborted) break;
          const next = await chunks.next();
          if (next.done || signal.aborted) break;
          const chunk: AudioChunk = next.value;
          if (recorded) {
            recordedSeconds += (chunk.samples.length - chunk.overlap) / chunk.sampleRate;
            // Longer than any phrase the cache keeps: stop copying.
            if (recordedSeconds > phrases.maxPhraseSeconds) recorded = undefined;
            else recorded.push({ ...chunk, samples: chunk.samples.slice() });
          }
          const sentBefore = sentMs;
          sentMs += (1000 * Math.max(0, chunk.samples.length - chunk.overlap)) / chunk.sampleRate;
          if (!playout.playing) {
            const firstPlannedTooSmall = sentBefore === 0 && plannedFirstScale !== undefined
              && this.#context.firstChunkScale() > plannedFirstScale;
            if (firstPlannedTooSmall || needsStartCushion(this.#context.coreShare?.(), sentMs / 1000)) {
              held.push(chunk);
              continue;
            }
          }
          const sendStarted = threadCpuMs();
          for (const earlier of held.splice(0)) this.#credits -= await this.#output.send(earlier);
          this.#credits -= await this.#output.send(chunk);
          workMs += threadCpuMs() - sendStarted;
          if (!cached && sentBefore < 1000 * earlyWorkReportSeconds && sentMs >= 1000 * earlyWorkReportSeconds) {
            this.#context.post({ type: 'work', id, work: { ms: workMs, audioSeconds: sentMs / 1000 } });
          }
          if (this.#output.releasedSeconds > 0) playout.started(performance.now());
        }
        if (!signal.aborted) for (const earlier of held.splice(0)) this.#credits -= await this.#output.send(earlier);
        if (!signal.aborted) {
          audio = this.#output.end();
          if (key !== undefined && recorded) phrases.put(key, recorded);
        }
      } finally {
        await chunks.return(undefined);
      }
      // A cached phrase cost no synthesis: it says nothing about what the voice costs.
      const work = signal.aborted || cached ? {} : { work: { ms: workMs, audioSeconds: sentMs / 1000 } };
      this.#context.post({ type: 'done', id, cancelled: signal.aborted, ...(audio ? { audio } : {}), ...work });
    } catch (error) {
      if (signal.aborted) {
        this.#context.post({ type: 'done', id, cancelled: true });
      } else {
        const engineName = engineOf(request.voice);
        const serialized = toSerializedError(error, engineName);
        if (serialized.code === 'engine-failed') {
          this.#context.log('error', 'engine failed', { engine: engineName, reason: error instanceof Error ? error.stack : String(error) });
        }
        this.#context.post({ type: 'error', id, error: serialized });
      }
    } finally {
      this.#output.release();
    }
  }

  #waitForCredit(): Promise<void> {
    if (this.#credits > 0 || this.#controller.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
