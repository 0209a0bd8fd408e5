import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPolyphaseResampler } from '../../../../src/generator/neural/polyphase-resampler.ts';
import { encodeWavPcm16 } from './wav-file.ts';

const run = promisify(execFile);

/** Transcribes mono audio with pocketsphinx_continuous (US English model), after converting it to 16 kHz. */
export async function transcribe(samples: Float32Array, sampleRate: number): Promise<string> {
  const audio16k = sampleRate === 16000 ? samples : createPolyphaseResampler(sampleRate, 16000).resample(samples);
  const dir = await mkdtemp(join(tmpdir(), 'asr-'));
  try {
    const wav = join(dir, 'speech.wav');
    await writeFile(wav, encodeWavPcm16(audio16k, 16000));
    const { stdout } = await run('pocketsphinx_continuous', ['-infile', wav, '-logfn', '/dev/null'], {
      timeout: 60_000,
    });
    return stdout.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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
