/** Levenshtein distance; small inputs only (voice ids), so the O(n*m) table is fine. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidates a user most likely meant: case-insensitive, closest first. A candidate counts when it is within a
 * third of the input's length in edits (at least 2), or when one contains the other ("lessac" finds
 * "piper:en_US-lessac-medium").
 */
export function closeMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const allowed = Math.max(2, Math.floor(needle.length / 3));
  // "piper:lessac" should find "piper:en_US-lessac-medium": the voice part alone may be a fragment of the name.
  const tail = needle.slice(needle.lastIndexOf(':') + 1);
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(candidates)) {
    const hay = candidate.toLowerCase();
    const distance = editDistance(needle, hay);
    if (distance <= allowed) {
      scored.push({ candidate, score: distance });
    } else if (
      (needle.length >= 3 && (hay.includes(needle) || needle.includes(hay))) ||
      (tail.length >= 3 && hay.includes(tail))
    ) {
      // Containment is a weaker hint than a near-spelling, so it ranks after every close edit.
      scored.push({ candidate, score: allowed + 1 + Math.abs(hay.length - needle.length) / 100 });
    }
  }
  scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}
