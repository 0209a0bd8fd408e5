/**
 * Pull side of the pipeline: reads AudioChunks from the source only when asked for more output, runs them through
 * a ChunkProcessor and hands back 48 kHz mono blocks. Shared by processToPcm48k and createOpusStream.
 *
 * Memory bound: one source chunk is held at a time, and chunks longer than `maxBlockSeconds` are processed in
 * pieces of that length, so at most one piece's worth of 48 kHz output (0.1 s by default) is in flight, plus the
 * processor's fixed-size state. Nothing grows with the length of the utterance.
 */
import type { AudioChunk } from './audio-chunk.ts';
import type { AudioPipelineOptions } from './audio-pipeline-options.ts';
import { AudioPipelineError } from './audio-pipeline-error.ts';
import { ChunkProcessor } from './chunk-processor.ts';
import type { AudioPipelineStats } from './pipeline-stats.ts';

const aborted: unique symbol = Symbol('aborted');

export class PcmSource {
  readonly stats: AudioPipelineStats;
  readonly #source: AsyncIterable<AudioChunk>;
  readonly #options: AudioPipelineOptions;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;
  #iterator: AsyncIterator<AudioChunk> | null = null;
  #processor: ChunkProcessor | null = null;
  /** Rest of a long chunk still to be processed, and where it has got to. */
  #rest: Float32Array | null = null;
  #restOffset = 0;
  #sourceDone = false;
  #finished = false;
  #closed = false;

  constructor(source: AsyncIterable<AudioChunk>, options: AudioPipelineOptions, stats: AudioPipelineStats,
    signal?: AbortSignal) {
    this.#source = source;
    this.#options = options;
    this.stats = stats;
    this.#signal = signal;
    this.#onAbort = () => {
      this.stats.aborted = true;
    };
    if (signal?.aborted === true) this.#onAbort();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get isAborted(): boolean {
    return this.stats.aborted;
  }

  /** The next non-empty 48 kHz mono block, or null at the end (source finished, aborted or closed). */
  async next(): Promise<Float32Array | null> {
    for (;;) {
      if (this.#closed || this.#finished || this.stats.aborted) return this.#end();
      if (this.#rest !== null) {
        const out = this.#processRestPiece();
        if (out.length > 0) return out;
        continue;
      }
      if (this.#sourceDone) {
        this.#finished = true;
        const tail = this.#processor?.finish() ?? new Float32Array(0);
        if (tail.length > 0) return tail;
        continue;
      }
      const chunk = await this.#readChunk();
      if (chunk === null) continue;
      if (this.#processor === null) {
        const processor = await ChunkProcessor.create(chunk.sampleRate, this.#options, this.stats);
        if (this.#closed || this.stats.aborted) {
          processor.release();
          continue;
        }
        this.#processor = processor;
        this.stats.inputSampleRate = chunk.sampleRate;
      }
      const out = this.#processFirstPiece(chunk);
      if (out.length > 0) return out;
    }
  }

  /** Stops reading: calls the source iterator's return() if it is not finished, and frees the resampler. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#processor?.release();
    this.#rest = null;
    const iterator = this.#iterator;
    if (iterator !== null && !this.#sourceDone && typeof iterator.return === 'function') {
      try {
        // Not awaited: a generator stuck in its own await would otherwise hold the pipeline up.
        Promise.resolve(iterator.return()).catch(() => undefined);
      } catch {
        // A source that throws from return() has nothing more for us to clean up.
      }
    }
  }

  #end(): null {
    this.close();
    return null;
  }

  async #readChunk(): Promise<AudioChunk | null> {
    this.#iterator ??= this.#source[Symbol.asyncIterator]();
    const result = await untilAborted(this.#iterator.next(), this.#signal);
    if (result === aborted) return null;
    if (result.done === true) {
      this.#sourceDone = true;
      return null;
    }
    const chunk: unknown = result.value;
    if (typeof chunk !== 'object' || chunk === null || !((chunk as AudioChunk).samples instanceof Float32Array)) {
      throw new AudioPipelineError('The speech generator produced something that is not an audio chunk.');
    }
    const audio = chunk as AudioChunk;
    this.stats.inputChunks++;
    this.stats.inputSamples += audio.samples.length;
    this.stats.overlapSamples += Number.isFinite(audio.overlap) ? audio.overlap : 0;
    return audio;
  }

  #maxBlock(): number {
    return Math.max(1, Math.round(this.#options.maxBlockSeconds * (this.#processor as ChunkProcessor).sampleRate));
  }

  #processFirstPiece(chunk: AudioChunk): Float32Array {
    const processor = this.#processor as ChunkProcessor;
    const firstLength = chunk.overlap + this.#maxBlock();
    if (chunk.samples.length <= firstLength || !Number.isInteger(chunk.overlap) || chunk.overlap < 0) {
      return processor.process(chunk);
    }
    this.#rest = chunk.samples;
    this.#restOffset = firstLength;
    return processor.process({ samples: chunk.samples.subarray(0, firstLength), sampleRate: chunk.sampleRate, overlap: chunk.overlap });
  }

  #processRestPiece(): Float32Array {
    const processor = this.#processor as ChunkProcessor;
    const rest = this.#rest as Float32Array;
    const end = Math.min(rest.length, this.#restOffset + this.#maxBlock());
    const piece = rest.subarray(this.#restOffset, end);
    this.#restOffset = end;
    if (end >= rest.length) this.#rest = null;
    return processor.process({ samples: piece, sampleRate: processor.sampleRate, overlap: 0 });
  }
}

/**
 * Settles with `pending`, or with `aborted` as soon as the signal fires. The listener is per call and removed
 * again: racing every read against one long-lived abort promise would keep every chunk ever read reachable.
 */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof aborted> {
  if (signal === undefined) return pending;
  if (signal.aborted) {
    // A later rejection of `pending` must not surface as an unhandled rejection.
    pending.catch(() => undefined);
    return Promise.resolve(aborted);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(aborted);
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
