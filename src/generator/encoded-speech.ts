/**
 * Speech as the bot plays it: finished 20 ms Opus packets (48 kHz, stereo), made in a generator worker by the same
 * audio pipeline the CLI uses (src/audio). This is the contract between the generator and playback.
 */
import { frameSampleRate } from '../audio/frame-packer.ts';
import type { AudioPipelineStats } from '../audio/pipeline-stats.ts';

/** Consecutive packets of one utterance, as they arrived from the worker. */
export interface OpusPacketBatch {
  readonly packets: readonly Buffer[];
}

/** What the audio pipeline reports at the end of an utterance. */
export interface EncodedAudioSummary {
  /** Opus packets made, padding included. */
  readonly frames: number;
  /** Seconds of audio before framing and padding: what the engine's speech became after trimming. */
  readonly speechSeconds: number;
  /** Samples clipped to [-1, 1] after resampling. */
  readonly clippedSamples: number;
  readonly peakGainDb: number;
  readonly limiterMaxReductionDb: number;
  /** Seconds of output before the first speech sample (the short pad the trimmer leaves); null when none was heard. */
  readonly speechStartSeconds: number | null;
}

export interface EncodedSpeech extends AsyncIterable<OpusPacketBatch> {
  /** Set when the utterance has been made to its end; undefined while it runs, after an abort or an error. */
  readonly summary: EncodedAudioSummary | undefined;
}

/** The summary of an utterance from its audio pipeline's counters (48 kHz output, before framing and padding). */
export function summariseEncoding(stats: AudioPipelineStats): EncodedAudioSummary {
  return {
    frames: stats.framesOut,
    clippedSamples: stats.clippedSamples,
    speechSeconds: stats.outputSamples / frameSampleRate,
    peakGainDb: stats.peakGainDb,
    limiterMaxReductionDb: stats.limiterMaxReductionDb,
    speechStartSeconds: stats.speechStartSample === null ? null : stats.speechStartSample / frameSampleRate,
  };
}

/** Seconds of audio in a batch (every packet is one 20 ms frame). */
export function batchSeconds(batch: OpusPacketBatch): number {
  return batch.packets.length * 0.02;
}
