// Runs pocketsphinx (Debian's pocketsphinx_continuous, US English model) on heard audio, to check intelligibility.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** 48 kHz mono float -> 16 kHz: a 9-tap moving average as anti-alias filter, then every third sample. Enough for a recogniser. */
export function downsample48kTo16k(samples: Float32Array): Float32Array {
  const out = new Float32Array(Math.floor(samples.length / 3));
  // The average has nulls at multiples of 5.3 kHz and falls off above 8 kHz: crude, but speech energy is low up there.
  for (let o = 0; o < out.length; o++) {
    const centre = 3 * o + 1;
    let sum = 0;
    let n = 0;
    for (let k = -4; k <= 4; k++) {
      const i = centre + k;
      if (i >= 0 && i < samples.length) {
        sum += samples[i];
        n++;
      }
    }
    out[o] = sum / n;
  }
  return out;
}

export function wav16(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767))), 2 * i);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.writeUInt32LE(data.length, 40);
  header.write('data', 36);
  return Buffer.concat([header, data]);
}

/** The words pocketsphinx hears in 48 kHz mono audio, lower case. */
export async function recogniseWords(samples48k: Float32Array): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-asr-'));
  try {
    const path = join(dir, 'heard.wav');
    await writeFile(path, wav16(downsample48kTo16k(samples48k), 16_000));
    const { stdout } = await run('pocketsphinx_continuous', ['-infile', path, '-logfn', '/dev/null'], { timeout: 60_000 });
    return stdout.toLowerCase().split(/[^a-z']+/).filter((w) => w.length > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fraction of `expected` words found in `heard`, each heard word used at most once. */
export function wordRecall(expected: readonly string[], heard: readonly string[]): number {
  const pool = [...heard];
  let found = 0;
  for (const word of expected) {
    const at = pool.indexOf(word);
    if (at >= 0) {
      found++;
      pool.splice(at, 1);
    }
  }
  return expected.length === 0 ? 1 : found / expected.length;
}
