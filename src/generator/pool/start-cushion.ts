/**
 * A worker that gets less than this share of a core (CoreShare: CPU over wall time of its recent calls) is being
 * starved by other threads: in a burst of 32 guilds on 2 cores, the main thread's voice joins left each worker
 * 0.15-0.38 of a core for the first second.
 */
export const lowCoreShare = 0.5;

/**
 * Audio a request holds back before its listener hears the first of it while its worker is starved: the first
 * streams of a 32-guild burst started with about 0.3-0.8 s in hand, and in slow hours 6 of 20 runs had 1-3 of them
 * pause for 2-22 frames (0.04-0.44 s) while the joins went on. A listener who starts later with a second in hand rides
 * that out; the extra wait is a few hundred milliseconds on a first word that is already late in such a burst.
 */
export const startCushionSeconds = 1;

/**
 * Whether a request that has not started playing should keep holding its audio: true while its worker is starved
 * (`share` below lowCoreShare; undefined = not measured, as on an idle worker) and the audio it has made, `inHand`
 * seconds, is less than startCushionSeconds.
 */
export function needsStartCushion(share: number | undefined, inHand: number): boolean {
  return share !== undefined && share < lowCoreShare && inHand < startCushionSeconds;
}
