const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "in 3 hours", "yesterday", "5 minutes ago": the largest unit that fits. */
export function formatRelative(seconds: number, nowMs: number): string {
  const delta = seconds - Math.round(nowMs / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(delta) >= size || unit === 'second') return relative.format(Math.round(delta / size), unit);
  }
  return '';
}

const STYLES: Readonly<Record<string, Intl.DateTimeFormatOptions>> = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'long' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

/**
 * A Discord timestamp (`<t:seconds:style>`) as words, e.g. "November 14, 2023 at 10:13 PM". Empty for dates
 * JavaScript cannot represent, so the caller just drops them.
 */
export function formatTimestamp(seconds: number, style: string, nowMs: number, timeZone = 'UTC'): string {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(date.getTime())) return '';
  if (style === 'R') return formatRelative(seconds, nowMs);
  try {
    return new Intl.DateTimeFormat('en-US', { ...(STYLES[style] ?? STYLES.f), timeZone }).format(date);
  } catch {
    // An unknown time zone from settings: fall back to UTC rather than drop the date.
    return new Intl.DateTimeFormat('en-US', { ...(STYLES[style] ?? STYLES.f), timeZone: 'UTC' }).format(date);
  }
}
