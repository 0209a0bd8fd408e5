import type { Readable } from 'node:stream';
import type { AudioChunk } from '../audio/audio-chunk.ts';
import type { OpusStreamFactory } from '../playback/voice-audio-output.ts';

// The pipeline module is written in parallel; a computed specifier keeps the type check independent of it landing.
const OPUS_PIPELINE_MODULE = '../audio/opus-pipeline.ts';

type CreateOpusStream = (source: AsyncIterable<AudioChunk>, options?: object, signal?: AbortSignal) => Readable;

/** src/audio/opus-pipeline.ts's createOpusStream, bound to our factory shape. */
export async function loadOpusEncoder(): Promise<OpusStreamFactory> {
  const pipeline = (await import(OPUS_PIPELINE_MODULE)) as { createOpusStream?: CreateOpusStream };
  const create = pipeline.createOpusStream;
  if (typeof create !== 'function') throw new Error('src/audio/opus-pipeline.ts does not export createOpusStream');
  return (source, signal) => create(source, {}, signal);
}
