// The one speech recogniser wrapper of the tests: pocketsphinx_continuous (Debian's, US English model). Tests that use
// it skip without it (test/helpers/test-requirements.ts: pocketsphinx()).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeWav } from '../../src/audio/wav.ts';
import { createPolyphaseResampler } from '../../src/generator/neural/polyphase-resampler.ts';

const run = promisify(execFile);

/** The rate pocketsphinx's acoustic model was trained at. */
const RECOGNISER_RATE = 16_000;

/**
 * Mono audio at any rate -> 16 kHz, through the windowed-sinc polyphase resampler (a proper anti-alias filter, so
 * what lies above 8 kHz does not fold into the speech band).
 */
export function toRecogniserRate(samples: Float32Array, sampleRate: number): Float32Array {
  return sampleRate === RECOGNISER_RATE ? samples : createPolyphaseResampler(sampleRate, RECOGNISER_RATE).resample(samples);
}

/** What pocketsphinx hears in mono audio at `sampleRate`, as one line of text. */
export async function transcribe(samples: Float32Array, sampleRate: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'asr-'));
  try {
    const wav = join(dir, 'speech.wav');
    await writeFile(wav, encodeWav(toRecogniserRate(samples, sampleRate), RECOGNISER_RATE));
    const { stdout } = await run('pocketsphinx_continuous', ['-infile', wav, '-logfn', '/dev/null'], {
      timeout: 60_000,
    });
    return stdout.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lower-case words of a text; digits and punctuation dropped. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z' ]+/g, ' ').split(/\s+/).filter(Boolean);
}

/** Word error rate: word-level edit distance divided by the reference length. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = words(reference);
  const hyp = words(hypothesis);
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return ref.length === 0 ? 0 : previous[hyp.length] / ref.length;
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
