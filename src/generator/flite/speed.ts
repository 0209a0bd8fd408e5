import { SpeechError } from '../speech-request.ts';

export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2.5;

/**
 * Maps the user's speaking-rate multiplier onto flite's duration_stretch (its inverse). Rejects anything outside
 * the documented range with a message fit to show the user as it is.
 */
export function durationStretchForSpeed(speed: number | undefined): number {
  if (speed === undefined) return 1;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new SpeechError(
      'invalid-parameter',
      `Speed must be a number from ${MIN_SPEED} to ${MAX_SPEED} (1 is normal); got ${String(speed)}.`,
    );
  }
  return 1 / speed;
}
