/** Root-mean-square level of samples [from, to). */
export function rmsLevel(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

export function peakLevel(samples: Float32Array): number {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  return peak;
}

/**
 * Median fundamental frequency of voiced 40 ms frames by autocorrelation (60..400 Hz), or 0 when nothing is voiced.
 * Crude, but enough to tell a female voice (~170-250 Hz) from a male one (~90-140 Hz).
 */
export function medianPitchHz(samples: Float32Array, sampleRate: number): number {
  const frame = Math.round(0.04 * sampleRate);
  const minLag = Math.floor(sampleRate / 400);
  const maxLag = Math.ceil(sampleRate / 60);
  const pitches: number[] = [];
  for (let start = 0; start + frame + maxLag < samples.length; start += frame) {
    if (rmsLevel(samples, start, start + frame) < 0.02) continue;
    let energy = 0;
    for (let i = 0; i < frame; i++) energy += samples[start + i] ** 2;
    let bestLag = 0;
    let best = 0;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let sum = 0;
      for (let i = 0; i < frame; i++) sum += samples[start + i] * samples[start + i + lag];
      if (sum > best) {
        best = sum;
        bestLag = lag;
      }
    }
    if (best > 0.5 * energy) pitches.push(sampleRate / bestLag);
  }
  pitches.sort((a, b) => a - b);
  return pitches.length ? pitches[pitches.length >> 1] : 0;
}
