import { SPEED } from '../limits/speech-limits.ts';

/** How the bot catches up when people type faster than it can talk. */
export interface SpeedUpRule {
  /** Messages waiting behind the one being generated before speeding up starts. */
  readonly threshold: number;
  /** Largest multiplier applied on top of the requested speed (e.g. 1.5). */
  readonly maxMultiplier: number;
  /** Extra multiplier per waiting message above the threshold (e.g. 0.1 = 10 % faster per message). */
  readonly stepPerMessage: number;
}

/** Upper end of SpeechRequest.speed's documented range; a faster request would be rejected by the engine. */
export const MAX_ENGINE_SPEED = SPEED.max;

export const defaultSpeedUpRule: SpeedUpRule = { threshold: 3, maxMultiplier: 1.5, stepPerMessage: 0.1 };

/**
 * Speed for a message given how many are waiting behind it: unchanged up to the threshold, then a step faster per
 * extra message up to the cap. Never slower than asked and never above what engines accept.
 */
export function speedForBacklog(requestedSpeed: number, waitingBehind: number, rule: SpeedUpRule): number {
  const excess = Math.max(0, waitingBehind - rule.threshold);
  const multiplier = Math.min(Math.max(1, rule.maxMultiplier), 1 + excess * rule.stepPerMessage);
  if (multiplier === 1) return requestedSpeed;
  const capped = Math.min(requestedSpeed * multiplier, Math.max(requestedSpeed, MAX_ENGINE_SPEED));
  return Math.round(capped * 1000) / 1000;
}
