import { audibleSeconds, type AudioChunk } from '../../audio/audio-chunk.ts';
import type { AudioPipelineOptions } from '../../audio/audio-pipeline-options.ts';
import { OpusPacketizer } from '../../audio/opus-packetizer.ts';
import { createAudioPipelineStats } from '../../audio/pipeline-stats.ts';
import { summariseEncoding, type EncodedAudioSummary } from '../encoded-speech.ts';
import type { WorkerToMain } from './protocol.ts';

/** Every Opus packet is one 20 ms frame. */
const frameSeconds = 0.02;

export type PostToMain = (message: WorkerToMain, transfer?: ArrayBuffer[]) => void;

/**
 * Where one request's chunks go in the worker: straight to the main thread, or through the audio pipeline first.
 * `send` returns how many messages it posted (each costs one flow-control credit).
 */
export interface JobOutput {
  send(chunk: AudioChunk): Promise<number>;
  /**
   * Seconds of audio handed to the main thread so far: what the listener can play. Less than what was sent in when
   * the audio pipeline holds some back (its loudness step, limiter look-ahead, resampler filter).
   */
  readonly releasedSeconds: number;
  /** The end of the audio: posts what is still held; returns the pipeline's summary for encoded requests. */
  end(): EncodedAudioSummary | undefined;
  /** Frees native/WASM resources; called once, whatever happened. */
  release(): void;
}

/** A buffer can be transferred only if the array owns all of it; otherwise send a compact copy. */
function transferable(samples: Float32Array): Float32Array<ArrayBuffer> {
  if (samples.buffer instanceof ArrayBuffer && samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength) {
    return samples as Float32Array<ArrayBuffer>;
  }
  return new Float32Array(samples);
}

/** Raw engine chunks at the voice's rate (the CLI's WAV output, tests, anything that runs its own pipeline). */
export function rawChunkOutput(id: number, post: PostToMain): JobOutput {
  let seq = 0;
  let released = 0;
  return {
    get releasedSeconds() {
      return released;
    },
    send(chunk) {
      released += audibleSeconds(chunk);
      const samples = transferable(chunk.samples);
      post({ type: 'chunk', id, seq: seq++, samples, sampleRate: chunk.sampleRate, overlap: chunk.overlap }, [samples.buffer]);
      return Promise.resolve(1);
    },
    end: () => undefined,
    release: () => undefined,
  };
}

/**
 * Finished Opus packets: the audio pipeline runs here, beside the engine that made the audio, so the main thread
 * only forwards packets on its 20 ms clock. The pipeline is made at the first chunk, when the sample rate is known.
 */
export function opusPacketOutput(id: number, options: AudioPipelineOptions, post: PostToMain): JobOutput {
  const stats = createAudioPipelineStats();
  let packetizer: OpusPacketizer | undefined;
  let seq = 0;
  const postPackets = (packets: readonly Buffer[]): number => {
    if (packets.length === 0) return 0;
    const sizes = packets.map((packet) => packet.length);
    const data = new Uint8Array(sizes.reduce((sum, size) => sum + size, 0));
    let at = 0;
    for (const packet of packets) {
      data.set(packet, at);
      at += packet.length;
    }
    post({ type: 'packets', id, seq: seq++, data: data.buffer, sizes }, [data.buffer]);
    return 1;
  };
  return {
    get releasedSeconds() {
      return stats.framesOut * frameSeconds;
    },
    async send(chunk) {
      packetizer ??= await OpusPacketizer.create(chunk.sampleRate, options, stats);
      return postPackets(packetizer.push(chunk));
    },
    end() {
      if (packetizer) postPackets(packetizer.finish());
      return summariseEncoding(stats);
    },
    release() {
      packetizer?.release();
    },
  };
}
