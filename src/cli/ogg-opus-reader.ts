/**
 * Reads an Ogg Opus file (one logical stream, mono or stereo: what `npm run say`, opusenc and most recorders write)
 * back to 48 kHz mono float with libopus (@discordjs/opus), so the watermark detector needs no external decoder.
 */
import { createRequire } from 'node:module';
import type { OpusEncoder } from '@discordjs/opus';
import { AudioPipelineError } from '../audio/audio-pipeline-error.ts';

const require = createRequire(import.meta.url);
// @discordjs/opus is CommonJS loading a native addon; named ESM imports of it do not resolve.
const opus = require('@discordjs/opus') as { OpusEncoder: new (rate: number, channels: number) => OpusEncoder };

export function isOggFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && Buffer.from(bytes.buffer, bytes.byteOffset, 4).toString('ascii') === 'OggS';
}

/** The packets of the first logical stream, joined across pages (lacing values of 255 continue a packet). */
function oggPackets(bytes: Uint8Array): Buffer[] {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let serial: number | null = null;
  let offset = 0;
  while (offset + 27 <= data.length) {
    if (data.toString('ascii', offset, offset + 4) !== 'OggS') throw new AudioPipelineError(`Broken Ogg page at byte ${offset}.`);
    const pageSerial = data.readUInt32LE(offset + 14);
    const segments = data[offset + 26];
    const tableEnd = offset + 27 + segments;
    if (tableEnd > data.length) throw new AudioPipelineError('The Ogg file is cut short.');
    let body = tableEnd;
    serial ??= pageSerial;
    for (let s = 0; s < segments; s++) {
      const size = data[offset + 27 + s];
      if (body + size > data.length) throw new AudioPipelineError('The Ogg file is cut short.');
      if (pageSerial === serial) partial.push(data.subarray(body, body + size));
      body += size;
      if (size < 255 && pageSerial === serial) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    offset = body;
  }
  return packets;
}

/** Decodes an Ogg Opus file to 48 kHz mono (channels averaged), the pre-skip dropped. */
export function decodeOggOpus(bytes: Uint8Array): Float32Array {
  const packets = oggPackets(bytes);
  const head = packets[0];
  if (head === undefined || head.length < 19 || head.toString('ascii', 0, 8) !== 'OpusHead') {
    throw new AudioPipelineError('This Ogg file holds no Opus audio (no OpusHead).');
  }
  const channels = head[9];
  if (head[18] !== 0 || channels < 1 || channels > 2) {
    throw new AudioPipelineError(`Only mono or stereo Ogg Opus is supported (this one has ${channels} channels).`);
  }
  const preSkip = head.readUInt16LE(10);
  const decoder = new opus.OpusEncoder(48_000, channels);
  const parts: Float32Array[] = [];
  let total = 0;
  // packets[1] is OpusTags.
  for (const packet of packets.slice(2)) {
    if (packet.length === 0) continue;
    let pcm: Buffer;
    try {
      pcm = decoder.decode(packet);
    } catch {
      throw new AudioPipelineError('The Ogg file holds a broken Opus packet.');
    }
    const frames = pcm.length / (2 * channels);
    const mono = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += pcm.readInt16LE((i * channels + c) * 2);
      mono[i] = sum / channels / 32768;
    }
    parts.push(mono);
    total += frames;
  }
  const out = new Float32Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out.subarray(Math.min(preSkip, out.length));
}
