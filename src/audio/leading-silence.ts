export interface LeadingSilenceOptions {
  /** Samples below this absolute level count as silence (0.01 = -40 dBFS; vocoder silence is about 0.001). */
  readonly threshold: number;
  /** Silence kept before the first sound, in seconds. */
  readonly keepSeconds: number;
  /** Never drop more than this, in seconds, whatever the level says (a very quiet voice is not silence). */
  readonly maxDropSeconds: number;
}

export const defaultLeadingSilence: LeadingSilenceOptions = { threshold: 0.01, keepSeconds: 0.02, maxDropSeconds: 0.4 };

/**
 * How many samples of leading silence to drop from `samples` so that at most `keepSeconds` of it remain. Engines
 * start every call with a pause (flite: about 0.2 s), right for a new sentence but doubling the pause at a comma when
 * a sentence was made in two calls. Returns 0 when the samples hold no sound at all: then there is nothing to align
 * to and the chunk is left alone.
 */
export function leadingSilenceToDrop(samples: Float32Array, sampleRate: number, options: LeadingSilenceOptions = defaultLeadingSilence): number {
  let onset = 0;
  while (onset < samples.length && !(Math.abs(samples[onset]) >= options.threshold)) onset++;
  if (onset === samples.length) return 0;
  const keep = Math.round(options.keepSeconds * sampleRate);
  const maxDrop = Math.round(options.maxDropSeconds * sampleRate);
  return Math.min(Math.max(0, onset - keep), maxDrop);
}
