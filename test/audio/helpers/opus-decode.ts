/** Decodes the pipeline's Opus packets back to 48 kHz float PCM with libopus, to test the output as audio. */
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { OpusEncoder } from '@discordjs/opus';

const require = createRequire(import.meta.url);
const opus = require('@discordjs/opus') as { OpusEncoder: new (rate: number, channels: number) => OpusEncoder };

export interface DecodedOpus {
  readonly packets: number;
  readonly left: Float32Array;
  readonly right: Float32Array;
}

export function decodePackets(packets: readonly Buffer[]): DecodedOpus {
  const decoder = new opus.OpusEncoder(48_000, 2);
  const pcm = packets.map((p) => decoder.decode(p));
  const frames = pcm.reduce((n, b) => n + b.length / 4, 0);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  let i = 0;
  for (const b of pcm) {
    for (let p = 0; p + 3 < b.length; p += 4) {
      left[i] = b.readInt16LE(p) / 32768;
      right[i] = b.readInt16LE(p + 2) / 32768;
      i++;
    }
  }
  return { packets: packets.length, left, right };
}

export async function readAllPackets(stream: Readable): Promise<Buffer[]> {
  const packets: Buffer[] = [];
  for await (const packet of stream) packets.push(packet as Buffer);
  return packets;
}

/** libopus's algorithmic delay at 48 kHz: decoded audio lags the input by this many samples. */
export const opusDelaySamples = 312;
