/** Conversions between decibels and linear amplitude / power. */

export function dbToGain(db: number): number {
  return 10 ** (db / 20);
}

/** BS.1770 loudness of a mean square of K-weighted mono samples. */
export function meanSquareToLufs(meanSquare: number): number {
  return -0.691 + 10 * Math.log10(meanSquare);
}

export function lufsToMeanSquare(lufs: number): number {
  return 10 ** ((lufs + 0.691) / 10);
}
