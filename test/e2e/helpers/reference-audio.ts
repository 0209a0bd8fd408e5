// Renders a speech request through the same generator and the bot's own audio pipeline (in this thread), outside Discord, so a test
// knows exactly how long the utterance the bot made should be and what it sounds like.
import type { Readable } from 'node:stream';
import opus from '@discordjs/opus';
import { createOpusStream } from '../../../src/audio/opus-pipeline.ts';
import type { SpeechGenerator } from '../../../src/generator/speech-generator.ts';
import type { SpeechRequest } from '../../../src/generator/speech-request.ts';

export interface ReferenceAudio {
  /** Opus packets the pipeline made, its silent padding frames included. */
  readonly frames: number;
  /** Mono 48 kHz samples of speech before framing and padding (the pipeline's outputSamples). */
  readonly speechSamples: number;
  /** Decoded mono 48 kHz audio of all frames. */
  readonly mono: Float32Array;
  /** Milliseconds from the request to the first Opus packet. */
  readonly firstFrameMs: number;
}

export async function renderReference(generator: Pick<SpeechGenerator, 'stream'>, request: SpeechRequest): Promise<ReferenceAudio> {
  const started = performance.now();
  const controller = new AbortController();
  const stream = createOpusStream(generator.stream(request, controller.signal), {}, controller.signal) as Readable & {
    stats?: { outputSamples?: number; framesOut?: number };
  };
  const decoder = new opus.OpusEncoder(48_000, 2);
  const decoded: Float32Array[] = [];
  let firstFrameMs = -1;
  for await (const packet of stream as AsyncIterable<Buffer>) {
    if (firstFrameMs < 0) firstFrameMs = performance.now() - started;
    const pcm = decoder.decode(packet);
    const mono = new Float32Array(pcm.length / 4);
    for (let i = 0; i < mono.length; i++) mono[i] = (pcm.readInt16LE(4 * i) + pcm.readInt16LE(4 * i + 2)) / 65536;
    decoded.push(mono);
  }
  const total = decoded.reduce((n, d) => n + d.length, 0);
  const mono = new Float32Array(total);
  let offset = 0;
  for (const d of decoded) {
    mono.set(d, offset);
    offset += d.length;
  }
  const speechSamples = stream.stats?.outputSamples;
  if (speechSamples === undefined) throw new Error('the Opus stream has no stats.outputSamples');
  return { frames: decoded.length, speechSamples, mono, firstFrameMs };
}
