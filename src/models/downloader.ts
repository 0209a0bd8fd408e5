import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { digestOfFile, expectedDigest, hashFilePrefix } from './file-digest.ts';

export type DownloadErrorCode = 'network' | 'http' | 'size-mismatch' | 'digest-mismatch' | 'interrupted';

/** A download that failed, with a message meant for the person running the command. */
export class DownloadError extends Error {
  readonly code: DownloadErrorCode;
  constructor(code: DownloadErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DownloadError';
    this.code = code;
  }
}

export interface DownloadRequest {
  readonly url: string;
  /** Final path; the download goes to `<destination>.part` and is renamed only once size and digest are right. */
  readonly destination: string;
  readonly size: number;
  readonly md5?: string;
  readonly sha256?: string;
  /** Called as bytes arrive: bytes on disk so far (including a resumed prefix) and the expected total. */
  readonly onProgress?: (received: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface DownloadResult {
  /** 'present': the file was already there and correct; nothing was fetched. */
  readonly outcome: 'downloaded' | 'resumed' | 'present';
  /** Bytes fetched over the network this time. */
  readonly fetchedBytes: number;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown, url: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const host = new URL(url).host;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return `could not connect to ${host}: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not find ${host} (no network or DNS?)`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timed out connecting to ${host}`;
    default:
      return `network error talking to ${host}: ${cause?.message ?? (error as Error).message}`;
  }
}

/**
 * Downloads one file resumably: bytes go to `<destination>.part`; when a .part exists the request asks for the rest
 * (HTTP Range) and appends, or starts over if the server ignores ranges. Size and digest (sha256 or md5, whichever the
 * publisher lists) are checked before the atomic rename, so the final path only ever holds a verified file. A corrupt
 * download is deleted; an interrupted one keeps its .part so the next run resumes.
 */
export async function downloadFile(request: DownloadRequest): Promise<DownloadResult> {
  const { url, destination, size } = request;
  const digest = expectedDigest(request);
  const part = `${destination}.part`;
  await mkdir(dirname(destination), { recursive: true });

  if ((await sizeOf(destination)) === size && (!digest || (await digestOfFile(destination, digest.algorithm)) === digest.hex)) {
    return { outcome: 'present', fetchedBytes: 0 };
  }

  let offset = (await sizeOf(part)) ?? 0;
  if (offset > size) {
    await rm(part, { force: true });
    offset = 0;
  }

  let response: Response | undefined;
  if (offset < size) {
    try {
      response = await fetch(url, {
        headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
        signal: request.signal,
        redirect: 'follow',
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new DownloadError('network', `${describeNetworkError(error, url)}. Check the connection and run the command again.`, {
        cause: error,
      });
    }
    if (offset > 0 && response.status === 200) {
      offset = 0; // the server ignored the range: start over
    } else if (response.status === 416 && offset > 0) {
      await response.body?.cancel();
      response = undefined; // the .part is already complete; verify it below
    } else if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError('http', `the server answered HTTP ${response.status} ${response.statusText} for ${url}`);
    }
  }

  const hash = digest ? createHash(digest.algorithm) : undefined;
  if (hash) await hashFilePrefix(hash, part, offset);
  let received = offset;
  let fetched = 0;
  if (response) {
    const file = await open(part, offset > 0 ? 'r+' : 'w');
    try {
      if (offset > 0) await file.truncate(offset);
      let position = offset;
      const body = response.body;
      if (body) {
        for await (const chunk of body) {
          const bytes = chunk as Uint8Array;
          await file.write(bytes, 0, bytes.length, position);
          position += bytes.length;
          fetched += bytes.length;
          hash?.update(bytes);
          received = position;
          request.onProgress?.(received, size);
          if (received > size) break;
        }
      }
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new DownloadError(
        'interrupted',
        `the download of ${url} broke off after ${received} of ${size} bytes (${(error as Error).message}). Run the command again to resume.`,
        { cause: error },
      );
    } finally {
      await file.close();
    }
  }

  if (received < size) {
    throw new DownloadError(
      'interrupted',
      `the download of ${url} ended early at ${received} of ${size} bytes. Run the command again to resume.`,
    );
  }
  if (received > size) {
    await rm(part, { force: true });
    throw new DownloadError('size-mismatch', `${url} is larger than the ${size} bytes the manifest lists; the download was deleted.`);
  }
  if (digest && hash) {
    const actual = hash.digest('hex');
    if (actual !== digest.hex) {
      await rm(part, { force: true });
      throw new DownloadError(
        'digest-mismatch',
        `${url} is corrupt or not the published file: its ${digest.algorithm} is ${actual}, expected ${digest.hex}. ` +
          'The download was deleted; run the command again, and if this repeats the file on the server has changed.',
      );
    }
  }
  await rename(part, destination);
  return { outcome: offset > 0 ? 'resumed' : 'downloaded', fetchedBytes: fetched };
}
