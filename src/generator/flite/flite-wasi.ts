import { FLITE_OUTPUT_DIR, FliteMachine } from './flite-instance.ts';
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

/** This thread's flite, made once and reused for every sentence (see FliteMachine). */
let machine: Promise<FliteMachine> | undefined;

function fliteMachine(): Promise<FliteMachine> {
  machine ??= FliteMachine.create();
  machine.catch(() => {
    machine = undefined; // a later sentence tries again and reports the error
  });
  return machine;
}

/** Compiles flite.wasm and instantiates it now, so the first sentence does not pay for them. */
export async function warmUpFlite(): Promise<void> {
  await fliteMachine();
}

const OUTPUT_FILE = 'speech.wav';

/**
 * Synthesises `text` with flite running under WASI (synchronously, on this thread: ~20 ms of CPU per second of
 * speech for slt). The WAV is written into the machine's private preopened temp dir and read back in the same
 * synchronous run; flite's stdout/stderr go to a file in the same dir so a failure can say why.
 */
export async function runFlite(text: string, options: FliteOptions): Promise<MonoAudio> {
  if (!FLITE_VOICES.includes(options.voice)) throw new Error(`unknown flite voice "${String(options.voice)}"`);
  const stretch = options.durationStretch ?? 1;
  if (!Number.isFinite(stretch) || stretch <= 0) throw new Error(`invalid duration stretch ${stretch}`);
  const spoken = withoutControlCharacters(text).trim();
  if (spoken === '') throw new Error('nothing to say');

  const flite = await fliteMachine();
  const run = flite.run(
    ['flite', '-voice', options.voice, '--setf', `duration_stretch=${stretch}`, '-t', spoken, '-o', `${FLITE_OUTPUT_DIR}/${OUTPUT_FILE}`],
    OUTPUT_FILE,
  );
  const said = (): string => {
    const output = run.output.trim().slice(0, 300);
    return output ? `: ${output}` : '';
  };
  if (run.exitCode !== 0) throw new Error(`flite exited with code ${run.exitCode}${said()}`);
  if (!run.file) throw new Error(`flite wrote no audio${said()}`);
  return decodeWavMono(run.file);
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
