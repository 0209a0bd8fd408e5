import { FLITE_OUTPUT_DIR, fliteCanHold, FliteMachine } from './flite-instance.ts';
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
/** The same, once made. */
let madeMachine: FliteMachine | undefined;

function fliteMachine(): Promise<FliteMachine> {
  if (!machine) {
    machine = FliteMachine.create();
    machine.then(
      (made) => {
        madeMachine = made;
      },
      () => {
        machine = undefined; // a later sentence tries again and reports the error
      },
    );
  }
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
  const { spoken, stretch } = checkedInput(text, options);

  const flite = await fliteMachine();
  const run = await flite.run(
    ['flite', '-voice', options.voice, '--setf', `duration_stretch=${stretch}`, '-t', spoken, '-o', `${FLITE_OUTPUT_DIR}/${OUTPUT_FILE}`],
    OUTPUT_FILE,
  );
  if (run.exitCode !== 0) throw new Error(`flite exited with code ${run.exitCode}${printed(run.output)}`);
  if (!run.file) throw new Error(`flite wrote no audio${printed(run.output)}`);
  return decodeWavMono(run.file);
}

function checkedInput(text: string, options: FliteOptions): { spoken: string; stretch: number } {
  if (!FLITE_VOICES.includes(options.voice)) throw new Error(`unknown flite voice "${String(options.voice)}"`);
  const stretch = options.durationStretch ?? 1;
  if (!Number.isFinite(stretch) || stretch <= 0) throw new Error(`invalid duration stretch ${stretch}`);
  const spoken = withoutControlCharacters(text).trim();
  if (spoken === '') throw new Error('nothing to say');
  return { spoken, stretch };
}

/** The rate of every voice in FLITE_VOICES; streamed audio carries no header to say it. */
export const FLITE_SAMPLE_RATE = 16000;

let heldSentences = 0;

/**
 * Lets a sentence held on this thread go on to its end now, as if finish() had been called (its finish() then gets
 * the whole); flite makes the rest in a microtask. For when other work is about to need the thread.
 */
export function finishHeldSentences(): void {
  if (heldSentences > 0) madeMachine?.releaseHeld();
}

/** Sentences on this thread that flite holds now, waiting for finish() or cancel() (for tests and diagnostics). */
export function heldFliteSentences(): number {
  return heldSentences;
}

/** A sentence flite may still be making: what it has made so far (see startFlite). */
export interface FliteStart {
  /** The samples made so far at FLITE_SAMPLE_RATE (they stay valid); the whole sentence when `complete`. */
  readonly samples: Float32Array;
  readonly complete: boolean;
  /** Lets flite make the rest without holding again, and returns the whole sentence. */
  finish(): Promise<MonoAudio>;
  /** Ends a held sentence where it is, without making the rest; finish() then rejects. No effect once it goes on. */
  cancel(): void;
}

/**
 * Starts synthesising `text` and returns once `holdWhen` says the audio made so far is enough, or once the sentence
 * is complete, whichever comes first. Until finish() (or another flite run on this thread) lets it go on, flite waits
 * mid-sentence: the caller can use the start of a sentence before flite has spent its CPU on the rest. The samples
 * are the ones runFlite returns for the same text, made in the same order. Without JSPI (fliteCanHold), the sentence
 * is always complete.
 */
export async function startFlite(text: string, options: FliteOptions, holdWhen: (samples: Float32Array) => boolean): Promise<FliteStart> {
  const { spoken, stretch } = checkedInput(text, options);
  const flite = await fliteMachine();
  const made = new GrowingSamples();
  let held = false;
  let reachedHold = (): void => {};
  const holding = new Promise<void>((resolve) => {
    reachedHold = resolve;
  });
  let letGo = (): void => {};
  let stop = (_reason: Error): void => {};
  const run = flite.run(
    ['flite', '-voice', options.voice, '--setf', `duration_stretch=${stretch}`, '-t', spoken, '-o', 'stream'],
    undefined,
    (pcm) => {
      made.push(pcm);
      if (held || !fliteCanHold || !holdWhen(made.samples)) return undefined;
      held = true;
      heldSentences++;
      reachedHold();
      return new Promise<void>((resolve, reject) => {
        letGo = resolve;
        stop = reject;
      });
    },
  );
  // `run` is not assigned yet while flite makes its first samples (synchronously, inside flite.run): hence here.
  run.finally(() => {
    if (held) heldSentences--;
  }).catch(() => undefined);
  const whole = run.then((result) => {
    if (result.exitCode !== 0) throw new Error(`flite exited with code ${result.exitCode}${printed(result.output)}`);
    if (made.length === 0) throw new Error(`flite streamed no audio${printed(result.output)}`);
    return { samples: made.samples, sampleRate: FLITE_SAMPLE_RATE };
  });
  whole.catch(() => undefined); // a failure after the hold is the finish() caller's to see, not unhandled
  // The first to settle: a hold, or the whole sentence (or its error).
  const complete = await Promise.race([holding.then(() => false), whole.then(() => true)]);
  return {
    samples: made.samples,
    complete,
    finish: () => {
      letGo();
      return whole;
    },
    // The rejection is thrown into flite where it waits and unwinds it; the machine's next run starts afresh anyway.
    cancel: () => stop(new Error('the sentence was cancelled')),
  };
}

function printed(output: string): string {
  const trimmed = output.trim().slice(0, 300);
  return trimmed ? `: ${trimmed}` : '';
}

/** Streamed 16-bit samples as floats (the scale decodeWavMono uses), in a buffer that doubles as it fills. */
class GrowingSamples {
  #buffer = new Float32Array(16384);
  length = 0;

  push(pcm: Int16Array): void {
    if (this.length + pcm.length > this.#buffer.length) {
      const bigger = new Float32Array(Math.max(this.#buffer.length * 2, this.length + pcm.length));
      bigger.set(this.#buffer.subarray(0, this.length));
      this.#buffer = bigger;
    }
    for (let i = 0; i < pcm.length; i++) this.#buffer[this.length + i] = pcm[i] / 32768;
    this.length += pcm.length;
  }

  /** A view of the samples so far: valid until the next push. */
  get samples(): Float32Array {
    return this.#buffer.subarray(0, this.length);
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
