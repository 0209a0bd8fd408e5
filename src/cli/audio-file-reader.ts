/** Reads a WAV (16-bit PCM, any rate) or Ogg Opus file as 48 kHz mono float, for the watermark detector. */
import { AudioPipelineError } from '../audio/audio-pipeline-error.ts';
import { StreamingResampler } from '../audio/streaming-resampler.ts';
import { decodeWavMono } from '../audio/wav.ts';
import { decodeOggOpus, isOggFile } from './ogg-opus-reader.ts';

const outputRate = 48_000;

export interface DecodedAudioFile {
  readonly samples: Float32Array;
  /** The file's own rate (Ogg Opus is always 48 kHz inside). */
  readonly fileSampleRate: number;
  readonly format: 'wav' | 'ogg';
}

/** Throws AudioPipelineError with a sentence for the user when the bytes are neither. */
export async function decodeAudioFile(bytes: Uint8Array): Promise<DecodedAudioFile> {
  if (isOggFile(bytes)) return { samples: decodeOggOpus(bytes), fileSampleRate: outputRate, format: 'ogg' };
  if (bytes.length >= 12 && Buffer.from(bytes.buffer, bytes.byteOffset, 4).toString('ascii') === 'RIFF') {
    const { samples, sampleRate } = decodeWavMono(bytes);
    if (!Number.isInteger(sampleRate) || sampleRate < 8_000 || sampleRate > 192_000) {
      throw new AudioPipelineError(`WAV sample rate ${sampleRate} Hz is not supported (8000 to 192000).`);
    }
    if (sampleRate === outputRate) return { samples, fileSampleRate: sampleRate, format: 'wav' };
    const resampler = await StreamingResampler.create(sampleRate, outputRate, 'best');
    try {
      const head = resampler.process(samples);
      const tail = resampler.flush();
      const joined = new Float32Array(head.length + tail.length);
      joined.set(head);
      joined.set(tail, head.length);
      return { samples: joined, fileSampleRate: sampleRate, format: 'wav' };
    } finally {
      resampler.release();
    }
  }
  throw new AudioPipelineError('Not a WAV or Ogg Opus file.');
}
