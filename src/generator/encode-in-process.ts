import type { AudioChunk } from '../audio/audio-chunk.ts';
import type { AudioPipelineOptions } from '../audio/audio-pipeline-options.ts';
import { OpusPacketizer } from '../audio/opus-packetizer.ts';
import { createAudioPipelineStats } from '../audio/pipeline-stats.ts';
import { summariseEncoding, type EncodedAudioSummary, type EncodedSpeech, type OpusPacketBatch } from './encoded-speech.ts';

/**
 * Encodes raw chunks to Opus packets in the calling thread, with the same pipeline the workers run. For generators
 * that have no workers (test doubles, tools); the bot's pool encodes in its workers instead (GeneratorPool.speak).
 */
export function encodeInProcess(chunks: AsyncIterable<AudioChunk>, options: AudioPipelineOptions): EncodedSpeech {
  const result: { summary: EncodedAudioSummary | undefined } & AsyncIterable<OpusPacketBatch> = {
    summary: undefined,
    async *[Symbol.asyncIterator]() {
      const stats = createAudioPipelineStats();
      let packetizer: OpusPacketizer | undefined;
      try {
        for await (const chunk of chunks) {
          packetizer ??= await OpusPacketizer.create(chunk.sampleRate, options, stats);
          const packets = packetizer.push(chunk);
          if (packets.length > 0) yield { packets };
        }
        if (packetizer) {
          const packets = packetizer.finish();
          if (packets.length > 0) yield { packets };
        }
        result.summary = summariseEncoding(stats);
      } finally {
        packetizer?.release();
      }
    },
  };
  return result;
}
