import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AudioChunk } from '../audio/audio-chunk.ts';
import { encodeOpusFrames, joinChunks, resampleLinear } from './basic-audio.ts';

/** What the CLI needs from an audio pipeline: 48 kHz mono PCM for WAV, Opus packets for Ogg. */
export interface AudioBackend {
  readonly name: string;
  readonly opusChannels: 1 | 2;
  toPcm48k(source: AsyncIterable<AudioChunk>): Promise<Float32Array>;
  toOpusPackets(source: AsyncIterable<AudioChunk>): Promise<Buffer[]>;
}

function concatFloat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

const pcmModule = fileURLToPath(new URL('../audio/pcm-pipeline.ts', import.meta.url));
const opusModule = fileURLToPath(new URL('../audio/opus-pipeline.ts', import.meta.url));

type ProcessToPcm48k = (source: AsyncIterable<AudioChunk>) => AsyncIterable<Float32Array>;
type CreateOpusStream = (source: AsyncIterable<AudioChunk>) => AsyncIterable<Buffer>;

/**
 * The bot's own pipeline (src/audio: loudness, crossfade, clipping, resampling, Opus framing) when it is in the
 * checkout, so the CLI sounds exactly like the bot; until then a plain join + linear resample + Opus encode.
 */
export async function loadAudioBackend(): Promise<AudioBackend> {
  if (existsSync(pcmModule) && existsSync(opusModule)) {
    // Paths held in variables: these modules belong to another part of the project and may not exist yet.
    const pcm = (await import(pcmModule)) as { processToPcm48k: ProcessToPcm48k };
    const opus = (await import(opusModule)) as { createOpusStream: CreateOpusStream };
    return {
      name: 'bot audio pipeline',
      opusChannels: 2,
      toPcm48k: async (source) => concatFloat(await collect(pcm.processToPcm48k(source))),
      toOpusPackets: (source) => collect(opus.createOpusStream(source)),
    };
  }
  const toPcm48k = async (source: AsyncIterable<AudioChunk>): Promise<Float32Array> => {
    const chunks = await collect(source);
    if (chunks.length === 0) return new Float32Array(0);
    return resampleLinear(joinChunks(chunks), chunks[0].sampleRate, 48000);
  };
  return {
    name: 'basic CLI audio (src/audio pipeline not present)',
    opusChannels: 1,
    toPcm48k,
    toOpusPackets: async (source) => encodeOpusFrames(await toPcm48k(source)),
  };
}
