import type { PolyphaseResampler } from './polyphase-resampler.ts';

/**
 * A signal of known length whose samples are computed front to back on demand. `samples` always has the full
 * length; only [0, filled) is valid, and fillTo() extends that prefix.
 */
export interface ProgressiveSignal {
  readonly samples: Float32Array;
  fillTo(end: number): void;
}

/** A signal that is already complete. */
export function completeSignal(samples: Float32Array): ProgressiveSignal {
  return { samples, fillTo: () => {} };
}

/** `input` resampled lazily: each fillTo() renders only the samples not rendered yet. */
export function progressiveResample(input: Float32Array, resampler: PolyphaseResampler): ProgressiveSignal {
  const samples = new Float32Array(resampler.outputLength(input.length));
  let filled = 0;
  return {
    samples,
    fillTo(end) {
      const target = Math.min(samples.length, Math.ceil(end));
      if (target <= filled) return;
      resampler.render(input, filled, target, samples);
      filled = target;
    },
  };
}
