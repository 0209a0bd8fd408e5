/** Hard clip to [-1, 1] in place; returns how many samples had to be clipped (also NaN, which becomes 0). */
export function clipInPlace(samples: Float32Array): number {
  let clipped = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    if (x > 1) {
      samples[i] = 1;
      clipped++;
    } else if (x < -1) {
      samples[i] = -1;
      clipped++;
    } else if (x !== x) {
      samples[i] = 0;
      clipped++;
    }
  }
  return clipped;
}

/**
 * Returns the samples with NaN and infinities (a broken model output) replaced by silence, and how many there were.
 * The caller's array is never written to: a copy is made only when something needs replacing.
 */
export function replaceNonFinite(samples: Float32Array): { samples: Float32Array; replaced: number } {
  let first = -1;
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) {
      first = i;
      break;
    }
  }
  if (first < 0) return { samples, replaced: 0 };
  const copy = samples.slice();
  let replaced = 0;
  for (let i = first; i < copy.length; i++) {
    if (!Number.isFinite(copy[i])) {
      copy[i] = 0;
      replaced++;
    }
  }
  return { samples: copy, replaced };
}
