/**
 * A piece of mono speech audio as a generator makes it. This is the contract between the generator
 * (src/generator) and the audio pipeline (src/audio).
 */
export interface AudioChunk {
  /** Mono samples, nominally in [-1, 1], at `sampleRate`. */
  readonly samples: Float32Array;
  /** Samples per second: 16000, 22050, 24000 or 44100 in practice; every chunk of one utterance has the same rate. */
  readonly sampleRate: number;
  /**
   * How many leading samples cover the same stretch of time as the last `overlap` samples of the previous chunk.
   * Generators that vocode with context on both sides hand these over so the crossfader can blend the join instead
   * of butting two independently computed edges together. They are not extra audio: after the crossfade the output
   * is exactly as long as the sum of (samples.length - overlap). 0 for the first chunk and for generators that split
   * at silence.
   */
  readonly overlap: number;
}

/** Seconds of audio a chunk adds to its utterance (its overlap is blended into the previous chunk, not heard twice). */
export function audibleSeconds(chunk: AudioChunk): number {
  const overlap = Number.isFinite(chunk.overlap) && chunk.overlap > 0 ? chunk.overlap : 0;
  return chunk.sampleRate > 0 ? Math.max(0, chunk.samples.length - overlap) / chunk.sampleRate : 0;
}
