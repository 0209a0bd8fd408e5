/** Joins sample arrays end to end. Returns a lone non-empty part as it is (no copy): callers treat results as read-only. */
export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0];
  let length = 0;
  for (const p of nonEmpty) length += p.length;
  const out = new Float32Array(length);
  let offset = 0;
  for (const p of nonEmpty) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
