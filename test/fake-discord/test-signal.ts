// Test-signal helpers for the fake's own voice tests: make a tone, encode it to Opus, measure what came back.
import { Readable } from 'node:stream';
import prism from 'prism-media';

export const SAMPLE_RATE = 48000;

/** Interleaved stereo s16le PCM of a sine at `frequency` Hz for `durationMs`, peak `amplitude` (0..1). */
export function sineStereoPcm(frequency: number, durationMs: number, amplitude: number): Buffer {
  const frames = Math.round((SAMPLE_RATE * durationMs) / 1000);
  const pcm = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE) * amplitude * 32767);
    pcm.writeInt16LE(sample, i * 4);
    pcm.writeInt16LE(sample, i * 4 + 2);
  }
  return pcm;
}

/** A stream of 20 ms Opus packets (what createAudioResource expects with StreamType.Opus). */
export function opusStreamOf(pcm: Buffer): Readable {
  const encoder = new prism.opus.Encoder({ rate: SAMPLE_RATE, channels: 2, frameSize: 960 });
  return Readable.from([pcm]).pipe(encoder);
}

/** Frequency from rising zero crossings with linear interpolation between samples (exact for clean tones). */
export function estimateFrequency(samples: Float32Array, sampleRate = SAMPLE_RATE): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  if (crossings.length < 2) return 0;
  return ((crossings.length - 1) * sampleRate) / (crossings[crossings.length - 1] - crossings[0]);
}

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
