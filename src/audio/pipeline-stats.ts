/** Counters one pipeline run keeps; read them while streaming or after the end. */
export interface AudioPipelineStats {
  /** Chunks read from the source. */
  inputChunks: number;
  /** Raw samples received, overlaps included. */
  inputSamples: number;
  /** Leading overlap samples received (blended or dropped, so not part of the output duration). */
  overlapSamples: number;
  /** Sample rate of the input, null until the first chunk. */
  inputSampleRate: number | null;
  /** Mono 48 kHz samples produced (before framing and padding). */
  outputSamples: number;
  /** Opus packets handed to the consumer, padding included (processToPcm48k: float blocks handed out). */
  framesOut: number;
  /** Samples outside [-1, 1] after resampling that had to be clipped. */
  clippedSamples: number;
  /** NaN/infinite input samples replaced by silence. */
  nonFiniteSamples: number;
  /** Highest normalisation gain applied, dB. */
  peakGainDb: number;
  /** Deepest look-ahead limiter reduction, dB. */
  limiterMaxReductionDb: number;
  /** Leading silence dropped by the trimmer, seconds of input (the kept pad not counted). */
  trimmedLeadingSeconds: number;
  /** Trailing silence dropped by the trimmer at the end, seconds of input. */
  trimmedTrailingSeconds: number;
  /**
   * 48 kHz output samples before the first speech sample (the kept lead pad): the first speech is heard this long
   * after the first frame starts playing. Null until speech has come out.
   */
  speechStartSample: number | null;
  /** performance.now() when the pipeline was created / emitted its first frame / ended. */
  startedAt: number;
  firstFrameAt: number | null;
  /**
   * performance.now() when the output holding the first speech sample was made (null: no speech yet, or silence
   * only). Beside firstFrameAt this gives time to first speech as well as time to first audio.
   */
  firstSpeechAt: number | null;
  endedAt: number | null;
  aborted: boolean;
}

export function createAudioPipelineStats(): AudioPipelineStats {
  return {
    inputChunks: 0,
    inputSamples: 0,
    overlapSamples: 0,
    inputSampleRate: null,
    outputSamples: 0,
    framesOut: 0,
    clippedSamples: 0,
    nonFiniteSamples: 0,
    peakGainDb: 0,
    limiterMaxReductionDb: 0,
    trimmedLeadingSeconds: 0,
    trimmedTrailingSeconds: 0,
    speechStartSample: null,
    startedAt: performance.now(),
    firstFrameAt: null,
    firstSpeechAt: null,
    endedAt: null,
    aborted: false,
  };
}
