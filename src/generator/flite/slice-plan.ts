/** A half-open range of samples [start, end). */
export interface SampleRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Cuts `length` samples into a small first piece and equal later pieces; the last piece takes the remainder.
 * Every sample lands in exactly one range, in order, so the pieces concatenate back to the whole.
 */
export function sliceRanges(length: number, firstSize: number, size: number): SampleRange[] {
  const first = Math.max(1, Math.round(firstSize));
  const rest = Math.max(1, Math.round(size));
  const ranges: SampleRange[] = [];
  let start = 0;
  while (start < length) {
    const end = Math.min(length, start + (ranges.length === 0 ? first : rest));
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}
