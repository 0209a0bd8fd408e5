const TRUNCATION_SUFFIX = ', and so on';

/**
 * Keeps the text within `maxLength` characters. A cut ends at a word boundary and is followed by a spoken
 * ", and so on" (counted in the limit), so listeners hear that something was left out instead of silence.
 */
export function capLength(text: string, maxLength: number): string {
  const limit = Math.max(1, Math.floor(maxLength));
  if (text.length <= limit) return text;
  const room = limit - TRUNCATION_SUFFIX.length;
  // Too small for the suffix: cut without it rather than break the limit.
  const budget = room >= 1 ? room : limit;
  let cut = text.slice(0, budget + 1);
  const boundary = cut.search(/\s\S*$/);
  cut = boundary > 0 ? cut.slice(0, boundary) : text.slice(0, budget);
  cut = cut.replace(/[\s,;:.!?…-]+$/u, '');
  if (cut === '') cut = text.slice(0, budget).trim();
  return room >= 1 ? `${cut}${TRUNCATION_SUFFIX}` : cut;
}
