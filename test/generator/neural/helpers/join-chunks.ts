import type { AudioChunk } from '../../../../src/audio/audio-chunk.ts';

/**
 * Reassembles streamed chunks the way the pipeline does: each chunk's leading `overlap` samples are blended with
 * the previous chunk's trailing ones by a linear crossfade. Output length = sum of (length - overlap).
 */
export function joinChunks(chunks: readonly AudioChunk[]): Float32Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.samples.length - chunk.overlap, 0);
  const out = new Float32Array(total);
  let end = 0;
  for (const chunk of chunks) {
    const start = end - chunk.overlap;
    for (let i = 0; i < chunk.overlap; i++) {
      const fadeIn = (i + 1) / (chunk.overlap + 1);
      out[start + i] = out[start + i] * (1 - fadeIn) + chunk.samples[i] * fadeIn;
    }
    out.set(chunk.samples.subarray(chunk.overlap), end);
    end += chunk.samples.length - chunk.overlap;
  }
  return out;
}
