/** 16-bit PCM WAV encode/decode (RIFF, little endian). Pure: arrays in, bytes out and back. */
import { AudioPipelineError } from './audio-pipeline-error.ts';

export interface WavAudio {
  readonly sampleRate: number;
  readonly channels: number;
  /** One Float32Array per channel, samples in [-1, 1]. */
  readonly channelData: readonly Float32Array[];
}

/** Encodes mono (one array) or multi-channel audio; samples are clipped to [-1, 1] and rounded to 16 bits. */
export function encodeWav(channelData: readonly Float32Array[] | Float32Array, sampleRate: number): Buffer {
  const channels = channelData instanceof Float32Array ? [channelData] : channelData;
  if (channels.length === 0) throw new AudioPipelineError('WAV needs at least one channel.');
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new AudioPipelineError(`WAV sample rate must be a positive whole number (got ${String(sampleRate)}).`);
  }
  const frames = channels[0].length;
  if (channels.some((c) => c.length !== frames)) throw new AudioPipelineError('WAV channels must be equally long.');
  const blockAlign = channels.length * 2;
  const dataBytes = frames * blockAlign;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(channels.length, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * blockAlign, 28);
  out.writeUInt16LE(blockAlign, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      const x = channel[i];
      const clipped = x > 1 ? 1 : x < -1 ? -1 : x === x ? x : 0;
      out.writeInt16LE(Math.round(clipped * 32767), offset);
      offset += 2;
    }
  }
  return out;
}

/** Decodes a 16-bit PCM WAV, skipping chunks it does not need (LIST, fact...). */
export function decodeWav(bytes: Uint8Array): WavAudio {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < 12 || data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') {
    throw new AudioPipelineError('Not a WAV file (no RIFF/WAVE header).');
  }
  let format: { channels: number; sampleRate: number; bits: number; code: number } | null = null;
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > data.length) throw new AudioPipelineError('WAV format chunk is truncated.');
      format = {
        code: data.readUInt16LE(body),
        channels: data.readUInt16LE(body + 2),
        sampleRate: data.readUInt32LE(body + 4),
        bits: data.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (format === null) throw new AudioPipelineError('WAV data comes before its format chunk.');
      if (format.code !== 1 || format.bits !== 16 || format.channels < 1) {
        throw new AudioPipelineError(`Only 16-bit PCM WAV is supported (format ${format.code}, ${format.bits} bits).`);
      }
      // Writers that stream (espeak-ng, flite) may leave the size at 0 or too large: trust the file length then.
      const remaining = data.length - body;
      const available = size === 0 || size > remaining ? remaining : size;
      const frames = Math.floor(available / (2 * format.channels));
      const channelData = Array.from({ length: format.channels }, () => new Float32Array(frames));
      let p = body;
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < format.channels; c++) {
          channelData[c][i] = data.readInt16LE(p) / 32768;
          p += 2;
        }
      }
      return { sampleRate: format.sampleRate, channels: format.channels, channelData };
    }
    offset = body + size + (size % 2);
  }
  throw new AudioPipelineError('WAV file has no data chunk.');
}

/** A mono recording, as the engines that write WAV files (flite, espeak-ng) hand it over. */
export interface MonoAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** Decodes a 16-bit PCM WAV and mixes its channels down to mono. */
export function decodeWavMono(bytes: Uint8Array): MonoAudio {
  const { sampleRate, channelData } = decodeWav(bytes);
  if (channelData.length === 1) return { sampleRate, samples: channelData[0] };
  const samples = new Float32Array(channelData[0].length);
  for (const channel of channelData) for (let i = 0; i < samples.length; i++) samples[i] += channel[i] / channelData.length;
  return { sampleRate, samples };
}
