import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FLITE_OUTPUT_DIR, fliteModule, prepareFliteInstance } from './flite-instance.ts';
import type { FliteInstance } from './flite-instance.ts';
import { decodeWavMono } from '../../audio/wav.ts';
import type { MonoAudio } from '../../audio/wav.ts';

/** Voices compiled into flite.wasm (see `flite -lv`). All of them speak US/Scottish English at 16 kHz. */
export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16'] as const;
export type FliteVoiceName = (typeof FLITE_VOICES)[number];

export interface FliteOptions {
  readonly voice: FliteVoiceName;
  /** Flite's duration_stretch feature: 1 = natural rate, 2 = twice as slow. */
  readonly durationStretch?: number;
}

/**
 * One instance is prepared ahead of need and handed to the next sentence; a fresh one is prepared right after each
 * run, so a sentence waits only for flite itself. Null while none is ready (or one is in use).
 */
let spare: Promise<FliteInstance> | undefined;

function takeInstance(): Promise<FliteInstance> {
  const instance = spare ?? prepareFliteInstance();
  spare = undefined;
  return instance;
}

function prepareSpare(): void {
  if (spare) return;
  const next = prepareFliteInstance();
  spare = next;
  next.catch(() => {
    if (spare === next) spare = undefined; // a later sentence prepares its own and reports the error
  });
}

/** Compiles flite.wasm and prepares an instance now, so the first sentence does not pay for them. */
export async function warmUpFlite(): Promise<void> {
  await fliteModule();
  prepareSpare();
  await spare;
}

/**
 * Synthesises `text` with flite running under WASI (synchronously, on this thread: ~20 ms of CPU per second of
 * speech for slt). Each call uses a fresh instance because flite keeps global state between runs. The WAV is written
 * into the instance's private preopened temp dir and decoded from there; flite's stdout/stderr go to a file in the
 * same dir so a failure can say why.
 */
export async function runFlite(text: string, options: FliteOptions): Promise<MonoAudio> {
  if (!FLITE_VOICES.includes(options.voice)) throw new Error(`unknown flite voice "${String(options.voice)}"`);
  const stretch = options.durationStretch ?? 1;
  if (!Number.isFinite(stretch) || stretch <= 0) throw new Error(`invalid duration stretch ${stretch}`);
  const spoken = withoutControlCharacters(text).trim();
  if (spoken === '') throw new Error('nothing to say');

  const instance = await takeInstance();
  try {
    const exitCode = instance.run([
      'flite',
      '-voice',
      options.voice,
      '--setf',
      `duration_stretch=${stretch}`,
      '-t',
      spoken,
      '-o',
      `${FLITE_OUTPUT_DIR}/speech.wav`,
    ]);
    const said = (): string => {
      const output = instance.output().trim().slice(0, 300);
      return output ? `: ${output}` : '';
    };
    if (exitCode !== 0) throw new Error(`flite exited with code ${exitCode}${said()}`);
    let wav: Buffer;
    try {
      wav = await readFile(join(instance.dir, 'speech.wav'));
    } catch (error) {
      throw new Error(`flite wrote no audio${said()}`, { cause: error });
    }
    return decodeWavMono(wav);
  } finally {
    instance.dispose();
    setImmediate(prepareSpare);
  }
}

/** Control characters (NUL above all) cannot travel through argv and mean nothing to flite anyway. */
function withoutControlCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || code === 0x7f ? ' ' : ch;
  }
  return out;
}
