/** Test signals and ways to cut them into AudioChunks. */
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';

export function sine(frequency: number, sampleRate: number, length: number, amplitude = 0.5, phase = 0): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRate + phase);
  return out;
}

/** Deterministic white noise in [-amplitude, amplitude] (xorshift, so runs repeat exactly). */
export function noise(length: number, amplitude: number, seed = 12345): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = amplitude * (s / 0xffffffff * 2 - 1);
  }
  return out;
}

/**
 * Cuts `signal` into chunks of the given lengths (new audio per chunk), each chunk after the first also repeating
 * the `overlap` samples before it - what a generator that vocodes with context hands over.
 */
export function chunksWithOverlap(signal: Float32Array, sampleRate: number, lengths: readonly number[],
  overlap: number): AudioChunk[] {
  const chunks: AudioChunk[] = [];
  let start = 0;
  for (let k = 0; start < signal.length; k++) {
    const fresh = Math.max(1, lengths[k % lengths.length]);
    const o = k === 0 ? 0 : Math.min(overlap, start);
    const end = Math.min(signal.length, start + fresh);
    chunks.push({ samples: signal.slice(start - o, end), sampleRate, overlap: o });
    start = end;
  }
  return chunks;
}

export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export { concatSamples as concatFloat } from '../../../src/audio/concat-samples.ts';
