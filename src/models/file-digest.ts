import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type DigestAlgorithm = 'md5' | 'sha256';

export interface ExpectedDigest {
  readonly algorithm: DigestAlgorithm;
  readonly hex: string;
}

/** sha256 when the publisher lists one (stronger), else md5; undefined when neither is known. */
export function expectedDigest(file: { md5?: string; sha256?: string }): ExpectedDigest | undefined {
  if (file.sha256) return { algorithm: 'sha256', hex: file.sha256.toLowerCase() };
  if (file.md5) return { algorithm: 'md5', hex: file.md5.toLowerCase() };
  return undefined;
}

/** Feeds the first `length` bytes of a file into a hash (to continue hashing a resumed download). */
export async function hashFilePrefix(hash: Hash, path: string, length: number): Promise<void> {
  if (length === 0) return;
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) hash.update(chunk as Buffer);
}

export async function digestOfFile(path: string, algorithm: DigestAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
