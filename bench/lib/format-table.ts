/** Renders a BenchSection as a plain-text table: one column per key seen in any row, numbers right-aligned. */
import type { BenchSection } from './bench-section.ts';

export function formatTable(section: BenchSection): string {
  const columns: string[] = [];
  for (const row of section.rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const cells = section.rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const numeric = columns.map((c) => section.rows.every((row) => row[c] === undefined || typeof row[c] === 'number'));
  const pad = (text: string, i: number): string => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const lines = [
    `== ${section.title}`,
    columns.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((r) => r.map(pad).join('  ')),
    ...(section.notes ?? []).map((n) => `   ${n}`),
  ];
  return lines.join('\n');
}

function formatCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}
