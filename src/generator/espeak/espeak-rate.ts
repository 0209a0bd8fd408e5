import { SPEED } from '../../limits/speech-limits.ts';
import { SpeechError } from '../speech-request.ts';

/** espeak-ng's natural speaking rate in words per minute (its `-s` default). */
const naturalRate = 175;

/**
 * Maps the request's speed multiplier to espeak-ng's rate in words per minute. The documented 0.5..2.5 range gives
 * 88..438 wpm, inside what espeak-ng honours (80..450) without its sonic speed-up, which this build lacks.
 */
export function rateForSpeed(speed: number | undefined): number {
  const value = speed ?? 1;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < SPEED.min || value > SPEED.max) {
    throw new SpeechError(
      'invalid-parameter',
      `Speed must be a number from ${SPEED.min} to ${SPEED.max} (1 is normal), got ${String(speed)}.`,
    );
  }
  return Math.round(naturalRate * value);
}
