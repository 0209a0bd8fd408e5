/** Small measurements for judging generated audio as audio in tests. */

export function peak(samples: Float32Array): number {
  let max = 0;
  for (const sample of samples) max = Math.max(max, Math.abs(sample));
  return max;
}

/** Pitch of a clean periodic signal from its rising zero crossings. */
export function zeroCrossingFrequency(samples: Float32Array, sampleRate: number): number {
  const crossings: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    if (samples[i - 1] < 0 && samples[i] >= 0) crossings.push(i);
  }
  if (crossings.length < 2) return 0;
  const periods = crossings.length - 1;
  return (periods * sampleRate) / (crossings[crossings.length - 1] - crossings[0]);
}

/** Joins chunks the way a crossfader does in length: each chunk's leading `overlap` samples are dropped. */
export function joinDroppingOverlap(chunks: readonly { samples: Float32Array; overlap: number }[]): Float32Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.samples.length - chunk.overlap, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk.samples.subarray(chunk.overlap), offset);
    offset += chunk.samples.length - chunk.overlap;
  }
  return out;
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
