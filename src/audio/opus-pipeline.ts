/**
 * The streaming audio pipeline end to end: AudioChunks in, one Opus packet per 20 ms frame out, as an object-mode
 * Readable ready for `createAudioResource(stream, { inputType: StreamType.Opus })`.
 *
 * Pull based: a frame is encoded only when the Readable's buffer (readAheadFrames, 1 by default) has room, and the
 * source is read only when the frames of the previous piece are used up. In flight at any moment: the buffered
 * packets, the frames of one processed piece (<= maxBlockSeconds, 0.1 s = 5 frames by default), one source chunk,
 * and the fixed-size stage state (see chunk-processor.ts). So memory does not grow with utterance length.
 *
 * Abort: when `signal` fires the stream ends (push(null), no 'error'); at most the readAheadFrames already buffered
 * are still delivered, the source iterator's return() is called and encoder and resampler are let go.
 */
import { Readable } from 'node:stream';
import type { AudioChunk } from './audio-chunk.ts';
import { resolveAudioPipelineOptions } from './audio-pipeline-options.ts';
import type { AudioPipelineOptions } from './audio-pipeline-options.ts';
import { AudioPipelineError } from './audio-pipeline-error.ts';
import { FramePacker } from './frame-packer.ts';
import { OpusFrameEncoder } from './opus-frame-encoder.ts';
import { PcmSource } from './pcm-source.ts';
import { createAudioPipelineStats } from './pipeline-stats.ts';
import type { AudioPipelineStats } from './pipeline-stats.ts';

export type { AudioPipelineOptions } from './audio-pipeline-options.ts';
export type { AudioPipelineStats } from './pipeline-stats.ts';

export class OpusStream extends Readable {
  readonly stats: AudioPipelineStats;
  readonly #options: AudioPipelineOptions;
  readonly #pcm: PcmSource;
  readonly #packer = new FramePacker();
  readonly #encoder: OpusFrameEncoder;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;
  /** PCM frames cut but not yet encoded. */
  #frames: Buffer[] = [];
  #frameIndex = 0;
  #flushed = false;
  #pumping = false;
  #ended = false;

  constructor(source: AsyncIterable<AudioChunk>, options: AudioPipelineOptions, signal?: AbortSignal) {
    super({ objectMode: true, highWaterMark: options.readAheadFrames });
    this.#options = options;
    this.stats = createAudioPipelineStats();
    this.#encoder = new OpusFrameEncoder({ bitrate: options.opusBitrate, complexity: options.opusComplexity });
    this.#pcm = new PcmSource(source, options, this.stats, signal);
    this.#signal = signal;
    this.#onAbort = () => this.#end();
    if (signal?.aborted === true) this.#end();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  override _read(): void {
    if (this.#pumping || this.#ended) return;
    this.#pump().catch((error: unknown) => this.#fail(error));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#release();
    callback(error);
  }

  /** Encodes and pushes frames until the Readable's buffer is full or the audio ends. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (!this.#ended) {
        if (this.#frameIndex >= this.#frames.length) {
          if (!(await this.#refill())) return;
          continue;
        }
        const frame = this.#frames[this.#frameIndex++];
        const packet = this.#encoder.encode(frame);
        this.stats.framesOut++;
        this.stats.firstFrameAt ??= performance.now();
        if (!this.push(packet)) return;
      }
    } finally {
      // Cleared synchronously on the way out: the next _read may come on the very next tick, before any
      // promise callback could run, and must not find the pump still marked busy.
      this.#pumping = false;
    }
  }

  /** Cuts the next PCM block into frames; false when the stream has ended. */
  async #refill(): Promise<boolean> {
    this.#frames = [];
    this.#frameIndex = 0;
    if (this.#flushed) {
      this.#end();
      return false;
    }
    const block = await this.#pcm.next();
    if (this.#ended) return false;
    if (block !== null) {
      this.#frames = this.#packer.push(block);
      return true;
    }
    if (this.#pcm.isAborted) {
      this.#end();
      return false;
    }
    this.#flushed = true;
    this.#frames = this.#packer.flush(this.#options.paddingFrames);
    return true;
  }

  #end(): void {
    if (this.#ended) return;
    this.stats.aborted ||= this.#signal?.aborted === true;
    this.#release();
    this.push(null);
  }

  #fail(error: unknown): void {
    if (this.#ended) return;
    this.#release();
    this.destroy(error instanceof Error ? error : new AudioPipelineError(`Audio pipeline failed: ${String(error)}`));
  }

  #release(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.stats.endedAt = performance.now();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#frames = [];
    this.#encoder.release();
    this.#pcm.close();
  }

  /** True once the native encoder and the resampler have been let go. */
  get released(): boolean {
    return this.#encoder.released;
  }
}

/**
 * Streams `source` as Opus packets (48 kHz stereo, 20 ms each). Bad settings throw an AudioPipelineError here;
 * a bad chunk or a failing source destroys the stream with that error.
 */
export function createOpusStream(source: AsyncIterable<AudioChunk>, options: Partial<AudioPipelineOptions> = {},
  signal?: AbortSignal): OpusStream {
  return new OpusStream(source, resolveAudioPipelineOptions(options), signal);
}
