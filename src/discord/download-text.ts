/** A text file fetched from a URL, or why not, as a sentence fit to show the member. */
export type DownloadedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export interface DownloadLimits {
  /** Largest body accepted, in bytes; reading stops as soon as more arrives, whatever the server declared. */
  readonly maxBytes: number;
  /** The whole download (answer and body) must finish within this. */
  readonly timeoutMs: number;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/**
 * Downloads a small UTF-8 text file (an attachment) without trusting its declared size: the body is read piece by
 * piece and abandoned at `maxBytes`, and a stalled server is given up after `timeoutMs`. A UTF-8 byte-order mark is
 * dropped, so a file saved by Notepad reads like any other.
 */
export async function downloadText(url: string, limits: DownloadLimits): Promise<DownloadedText> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const seconds = Math.round(limits.timeoutMs / 100) / 10;
  const tooLarge = `That file is too large (${formatBytes(limits.maxBytes)} at most).`;
  try {
    const response = await (limits.fetch ?? fetch)(url, { signal: controller.signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, message: 'I could not download that file. Please try again.' };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return { ok: false, message: tooLarge };
    }
    const pieces: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, message: tooLarge };
      }
      pieces.push(value);
    }
    try {
      // fatal: a binary file is refused instead of being read as replacement characters; the BOM is dropped.
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(pieces)) };
    } catch {
      return { ok: false, message: 'That file is not UTF-8 text.' };
    }
  } catch {
    if (controller.signal.aborted) {
      return { ok: false, message: `The download of that file took longer than ${seconds} s, so I gave up. Please try again.` };
    }
    return { ok: false, message: 'I could not download that file. Please try again.' };
  } finally {
    clearTimeout(timer);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}
