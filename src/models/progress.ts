/** Progress output for downloads: a redrawn bar on a terminal, a plain line every 10 % otherwise (logs, CI). */

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** `[#########-----------] 45%  28.4 MB / 63.2 MB` */
export function formatProgressBar(received: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, received / total)) : 0;
  const filled = Math.round(fraction * width);
  const percent = String(Math.floor(fraction * 100)).padStart(3);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}%  ${formatBytes(received)} / ${formatBytes(total)}`;
}

export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressReporter {
  update(received: number, total: number): void;
  done(message: string): void;
}

export function createProgressReporter(output: ProgressOutput, label: string): ProgressReporter {
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(received, total) {
      if (output.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && received < total) return; // redrawing more often only costs CPU
        lastDraw = now;
        output.write(`\r${label} ${formatProgressBar(received, total)}`);
        return;
      }
      const decile = total > 0 ? Math.floor((received / total) * 10) : 0;
      if (decile > lastDecile) {
        lastDecile = decile;
        output.write(`${label}: ${decile * 10}% (${formatBytes(received)} of ${formatBytes(total)})\n`);
      }
    },
    done(message) {
      output.write(output.isTTY ? `\r\u001b[K${label} ${message}\n` : `${label}: ${message}\n`);
    },
  };
}
