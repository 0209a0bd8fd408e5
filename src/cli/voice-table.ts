import type { VoiceInfo } from '../generator/speech-request.ts';

/** Plain-text table of voices: installed first, then fetchable ones with the command that fetches them. */
export function formatVoiceTable(voices: readonly VoiceInfo[]): string {
  const rows = voices.map((v) => [
    v.id,
    v.language,
    `${(v.sampleRate / 1000).toFixed(v.sampleRate % 1000 === 0 ? 0 : 2)} kHz`,
    v.installed ? 'installed' : 'fetchable',
    v.license,
    v.installed ? v.description : `${v.description} -> ${v.fetchCommand ?? ''}`,
  ]);
  const header = ['VOICE', 'LANGUAGE', 'RATE', 'STATUS', 'LICENSE', 'DESCRIPTION'];
  const widths = header.map((h, column) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[column].length))));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const installed = voices.filter((v) => v.installed).length;
  return [line(header), ...rows.map(line), '', `${installed} installed, ${voices.length - installed} fetchable`].join('\n') + '\n';
}
