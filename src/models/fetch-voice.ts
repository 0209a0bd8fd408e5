import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import type { ManifestFile, ManifestVoice } from './manifest.ts';
import { resolveFileUrl } from './manifest.ts';
import { downloadFile } from './downloader.ts';
import type { DownloadResult } from './downloader.ts';

export interface FetchVoiceOptions {
  /** models/voices */
  readonly voicesDir: string;
  /** MODELS_BASE_URL: fetch `<base>/<path>` instead of each file's own URL. */
  readonly baseUrl?: string;
  /** Called per file: returns a progress callback for it. */
  readonly onFile?: (file: ManifestFile, url: string) => ((received: number, total: number) => void) | undefined;
  readonly onFileDone?: (file: ManifestFile, result: DownloadResult) => void;
  readonly signal?: AbortSignal;
}

/** Downloads every file of a voice that is not already present and verified. */
export async function fetchVoice(voice: ManifestVoice, options: FetchVoiceOptions): Promise<DownloadResult[]> {
  const results: DownloadResult[] = [];
  for (const file of voice.files) {
    const url = resolveFileUrl(file, options.baseUrl);
    const result = await downloadFile({
      url,
      destination: join(options.voicesDir, ...file.path.split('/')),
      size: file.size,
      ...(file.md5 ? { md5: file.md5 } : {}),
      ...(file.sha256 ? { sha256: file.sha256 } : {}),
      onProgress: options.onFile?.(file, url),
      signal: options.signal,
    });
    options.onFileDone?.(file, result);
    results.push(result);
  }
  return results;
}

/** Cheap check (sizes only) for listings; downloads themselves verify digests. */
export async function isVoiceOnDisk(voice: ManifestVoice, voicesDir: string): Promise<boolean> {
  for (const file of voice.files) {
    try {
      if ((await stat(join(voicesDir, ...file.path.split('/')))).size !== file.size) return false;
    } catch {
      return false;
    }
  }
  return true;
}
