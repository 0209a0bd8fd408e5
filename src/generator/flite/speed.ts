import { SPEED } from '../../limits/speech-limits.ts';
import { SpeechError } from '../speech-request.ts';

/**
 * Maps the user's speaking-rate multiplier onto flite's duration_stretch (its inverse). Rejects anything outside
 * the documented range with a message fit to show the user as it is.
 */
export function durationStretchForSpeed(speed: number | undefined): number {
  if (speed === undefined) return 1;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < SPEED.min || speed > SPEED.max) {
    throw new SpeechError(
      'invalid-parameter',
      `Speed must be a number from ${SPEED.min} to ${SPEED.max} (1 is normal); got ${String(speed)}.`,
    );
  }
  return 1 / speed;
}
