/**
 * The CLI's stand-in for src/audio's pipeline while that is not in the checkout (say.ts uses the real one as soon as
 * it exists): joins chunks with a linear crossfade over their overlap, resamples linearly to 48 kHz and encodes 20 ms
 * Opus frames. Pure functions apart from the encoder.
 */
import type { AudioChunk } from '../audio/audio-chunk.ts';

/** Concatenates chunks, blending each chunk's `overlap` leading samples into the previous chunk's tail. */
export function joinChunks(chunks: readonly AudioChunk[]): Float32Array {
  const total = chunks.reduce((n, c, i) => n + c.samples.length - (i === 0 ? 0 : c.overlap), 0);
  const out = new Float32Array(total);
  let end = 0;
  chunks.forEach((chunk, index) => {
    const overlap = index === 0 ? 0 : Math.min(chunk.overlap, end, chunk.samples.length);
    const start = end - overlap;
    for (let i = 0; i < overlap; i++) {
      const fadeIn = (i + 1) / (overlap + 1);
      out[start + i] = out[start + i] * (1 - fadeIn) + chunk.samples[i] * fadeIn;
    }
    out.set(chunk.samples.subarray(overlap), end);
    end += chunk.samples.length - overlap;
  });
  return out;
}

export function resampleLinear(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  const length = Math.round((samples.length * to) / from);
  const out = new Float32Array(length);
  const step = from / to;
  for (let i = 0; i < length; i++) {
    const position = i * step;
    const left = Math.floor(position);
    const right = Math.min(left + 1, samples.length - 1);
    const t = position - left;
    out[i] = samples[Math.min(left, samples.length - 1)] * (1 - t) + samples[right] * t;
  }
  return out;
}

/** libopus's lookahead at 48 kHz: the decoder's output lags the input by this much (the Ogg pre-skip). */
export const opusPreSkip = 312;

/**
 * 20 ms mono Opus packets at 48 kHz. The input is followed by pre-skip samples of silence so the encoder's lookahead
 * does not swallow the end of the audio; the last frame is padded with silence.
 */
export async function encodeOpusFrames(pcm48k: Float32Array): Promise<Buffer[]> {
  const { OpusEncoder } = (await import('@discordjs/opus')).default;
  const encoder = new OpusEncoder(48000, 1);
  const packets: Buffer[] = [];
  const frame = Buffer.alloc(960 * 2);
  for (let start = 0; start < pcm48k.length + opusPreSkip; start += 960) {
    frame.fill(0);
    for (let i = 0; i < 960 && start + i < pcm48k.length; i++) {
      const s = Math.max(-1, Math.min(1, pcm48k[start + i]));
      frame.writeInt16LE(Math.round(s * 32767), i * 2);
    }
    packets.push(encoder.encode(frame));
  }
  return packets;
}
