/** Reads single values out of a Prometheus text exposition (what the bot's /metrics serves). */

/**
 * The value of the sample `name` with exactly these labels (none by default), or undefined when it is absent.
 * Labels are compared as written by prom-client: `name{a="1",b="2"} value`.
 */
export function metricValue(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`).sort().join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=[A-Za-z_])/).filter((l) => l !== '').sort().join(',');
    if (have !== wanted) continue;
    const value = Number(match[3]);
    return Number.isNaN(value) && match[3] !== 'NaN' ? undefined : value;
  }
  return undefined;
}
