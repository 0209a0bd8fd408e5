/** Real engine output for the audio benches: the chunks a generator streams for one request, and their join. */
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';
import { concatSamples } from '../../src/audio/concat-samples.ts';
import { Crossfader } from '../../src/audio/crossfader.ts';
import type { SpeechGenerator } from '../../src/generator/speech-generator.ts';
import type { SpeechRequest } from '../../src/generator/speech-request.ts';

export async function speechChunks(generator: SpeechGenerator, request: SpeechRequest): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of generator.stream(request)) chunks.push(chunk);
  if (chunks.length === 0) throw new Error(`${request.voice} produced no audio for "${request.text}"`);
  return chunks;
}

/** The chunks joined exactly as the pipeline's crossfade stage joins them (10 ms linear), at the voice's rate. */
export function joinSpeech(chunks: readonly AudioChunk[], fadeSeconds = 0.01): { samples: Float32Array; sampleRate: number } {
  const sampleRate = chunks[0].sampleRate;
  const crossfader = new Crossfader(Math.round(fadeSeconds * sampleRate), 'linear');
  const parts = chunks.map((chunk) => crossfader.push(chunk.samples, chunk.overlap));
  parts.push(crossfader.flush());
  return { samples: concatSamples(parts), sampleRate };
}
