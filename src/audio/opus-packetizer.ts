/**
 * The whole per-utterance audio path as one synchronous object: AudioChunks in, finished 20 ms Opus packets out
 * (crossfade, loudness, limiter, 48 kHz, clip, frames, Opus; see chunk-processor.ts). It runs where the audio is made
 * (a generator worker), so the thread that keeps Discord's 20 ms clock only forwards packets. Unlike OpusStream it
 * has no stream or pull logic: the caller decides when to feed it, and flow control happens around it.
 */
import type { AudioChunk } from './audio-chunk.ts';
import type { AudioPipelineOptions } from './audio-pipeline-options.ts';
import { ChunkProcessor } from './chunk-processor.ts';
import { FramePacker } from './frame-packer.ts';
import { OpusFrameEncoder } from './opus-frame-encoder.ts';
import type { AudioPipelineStats } from './pipeline-stats.ts';

export class OpusPacketizer {
  readonly stats: AudioPipelineStats;
  readonly #processor: ChunkProcessor;
  readonly #packer = new FramePacker();
  readonly #encoder: OpusFrameEncoder;
  readonly #paddingFrames: number;

  private constructor(processor: ChunkProcessor, options: AudioPipelineOptions, stats: AudioPipelineStats) {
    this.#processor = processor;
    this.stats = stats;
    this.#paddingFrames = options.paddingFrames;
    this.#encoder = new OpusFrameEncoder({ bitrate: options.opusBitrate, complexity: options.opusComplexity });
  }

  /** Async only because making a resampler may be; everything after that is synchronous. */
  static async create(sampleRate: number, options: AudioPipelineOptions, stats: AudioPipelineStats): Promise<OpusPacketizer> {
    const processor = await ChunkProcessor.create(sampleRate, options, stats);
    stats.inputSampleRate = sampleRate;
    return new OpusPacketizer(processor, options, stats);
  }

  /** The packets this chunk completes (none while the stages fill up). */
  push(chunk: AudioChunk): Buffer[] {
    this.stats.inputChunks++;
    this.stats.inputSamples += chunk.samples.length;
    this.stats.overlapSamples += chunk.overlap;
    return this.#encode(this.#packer.push(this.#processor.process(chunk)));
  }

  /** Everything still held, the last partial frame and the padding frames: the end of the utterance. */
  finish(): Buffer[] {
    const frames = this.#packer.push(this.#processor.finish());
    frames.push(...this.#packer.flush(this.#paddingFrames));
    return this.#encode(frames);
  }

  release(): void {
    this.#processor.release();
    this.#encoder.release();
  }

  #encode(frames: readonly Buffer[]): Buffer[] {
    const packets = frames.map((frame) => this.#encoder.encode(frame));
    this.stats.framesOut += packets.length;
    return packets;
  }
}
