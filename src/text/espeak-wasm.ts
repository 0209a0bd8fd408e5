import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import createEspeakModule from 'espeak-ng';
import type { EspeakModule } from 'espeak-ng';

/** What one run of the espeak-ng command line program left behind. */
export interface EspeakRunResult {
  readonly exitCode: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** The requested output files that the run wrote, copied out of the in-memory file system. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** The wasm exports this wrapper calls; the package's JS glue does not re-export callMain or the heap. */
interface EspeakExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  malloc(size: number): number;
  stackSave(): number;
  stackRestore(pointer: number): void;
  fflush(stream: number): number;
  __main_argc_argv(argc: number, argv: number): number;
}

interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ readonly exports: unknown }>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A memory region restored before every run: [start, start + bytes.length). */
interface SavedRegion {
  readonly start: number;
  readonly bytes: Uint8Array;
}

let compiledModule: Promise<object> | undefined;

/** Compiling the 18 MB module is the slow part (~100-300 ms), so it happens once per thread. */
function espeakWasmModule(): Promise<object> {
  compiledModule ??= (async () => {
    const wasmUrl = new URL('espeak-ng.wasm', import.meta.resolve('espeak-ng'));
    return wasm.compile(await readFile(fileURLToPath(wasmUrl)));
  })();
  compiledModule.catch(() => {
    compiledModule = undefined; // let a later call retry rather than caching the failure
  });
  return compiledModule;
}

const exitMessagePrefix = 'program exited (with status';

/**
 * One warm instance of espeak-ng's WebAssembly command line program, reusable for any number of runs.
 *
 * The npm build only exposes `main`, and main is not re-entrant (getopt's optind, the `quiet` flag and espeak's own
 * globals survive a run, and nothing is freed). Making a fresh instance costs 150-300 ms, so instead the linear memory
 * is snapshotted once right after start-up and written back before every run: each run then starts from exactly the
 * state of a freshly started program for the price of a ~1-4 ms memory copy. The 18 MB of embedded espeak-ng-data
 * files is read-only and is left out of the snapshot.
 *
 * Runs are synchronous inside (main runs to completion), so one instance serves one caller at a time by construction.
 */
export class EspeakWasm {
  #module: EspeakModule;
  #exports: EspeakExports;
  #saved: readonly SavedRegion[];
  #stackPointer: number;
  #stdout: string[] = [];
  #stderr: string[] = [];
  #broken = false;
  #closed = false;

  private constructor(module: EspeakModule, exports: EspeakExports, sink: OutputSink) {
    this.#module = module;
    this.#exports = exports;
    sink.stdout = (line) => this.#stdout.push(line);
    sink.stderr = (line) => this.#stderr.push(line);
    this.#stackPointer = exports.stackSave();
    this.#saved = snapshotMutableMemory(module, exports);
  }

  static async create(): Promise<EspeakWasm> {
    const compiled = await espeakWasmModule();
    const sink: OutputSink = { stdout: () => {}, stderr: () => {} };
    let exports: EspeakExports | undefined;
    const module = await createEspeakModule({
      noInitialRun: true,
      arguments: [],
      thisProgram: 'espeak-ng',
      // The glue's default sets process.exitCode to the program's exit status, which would fail the whole Node
      // process after a harmless "unknown voice"; just unwind instead.
      quit: (_status, toThrow) => {
        throw toThrow;
      },
      print: (line) => sink.stdout(line),
      printErr: (line) => sink.stderr(line),
      instantiateWasm: (imports, receiveInstance) => {
        wasm.instantiate(compiled, imports).then(
          (instance) => {
            exports = instance.exports as EspeakExports;
            receiveInstance(instance, compiled);
          },
          (error: unknown) => sink.stderr(`espeak-ng wasm instantiation failed: ${String(error)}`),
        );
        return {};
      },
    });
    if (!exports) throw new Error('espeak-ng started without exposing its wasm exports');
    return new EspeakWasm(module, exports, sink);
  }

  /** True after a run trapped (a wasm crash): the instance must be replaced. */
  get broken(): boolean {
    return this.#broken;
  }

  /**
   * Runs `espeak-ng <args>` as a fresh program and returns what it printed plus the files named in `outputs`.
   * Files in `inputs` are written to the in-memory file system first. Throws only when the program crashes;
   * espeak-ng's own errors come back as a non-zero exitCode with the message in stderr.
   */
  run(
    args: readonly string[],
    options: { readonly outputs?: readonly string[]; readonly inputs?: ReadonlyMap<string, string> } = {},
  ): EspeakRunResult {
    if (this.#closed) throw new Error('espeak-ng instance is closed');
    if (this.#broken) throw new Error('espeak-ng instance crashed earlier and cannot be reused');
    this.#restoreMemory();
    this.#stdout = [];
    this.#stderr = [];
    const fs = this.#module.FS;
    for (const path of options.outputs ?? []) removeIfPresent(fs, path);
    for (const [path, content] of options.inputs ?? []) fs.writeFile(path, content);

    let exitCode = 0;
    let failure: unknown;
    let failed = false;
    // The file system glue builds an Error (with a stack trace) for every failed open while espeak-ng scans its
    // voice files; without traces a run is about a third faster.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      exitCode = this.#exports.__main_argc_argv(...this.#writeArgv(['espeak-ng', ...args]));
      this.#exports.fflush(0);
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
      this.#exports.stackRestore(this.#stackPointer);
      closeLeakedStreams(fs);
    }
    if (failed) {
      const status = exitStatusOf(failure);
      if (status === undefined) {
        this.#broken = true;
        throw new Error('espeak-ng crashed', { cause: failure });
      }
      exitCode = status; // exit() inside main arrives as a thrown ExitStatus
    }

    const files = new Map<string, Uint8Array>();
    for (const path of options.outputs ?? []) {
      if (!fs.analyzePath(path).exists) continue;
      files.set(path, fs.readFile(path));
      fs.unlink(path);
    }
    for (const path of options.inputs?.keys() ?? []) removeIfPresent(fs, path);
    return {
      exitCode,
      stdout: this.#stdout,
      stderr: this.#stderr.filter((line) => !line.startsWith(exitMessagePrefix)),
      files,
    };
  }

  close(): void {
    this.#closed = true;
  }

  #restoreMemory(): void {
    const memory = new Uint8Array(this.#exports.memory.buffer);
    for (const region of this.#saved) memory.set(region.bytes, region.start);
  }

  /** Lays out argv on the (freshly restored) heap, the way the C runtime would for a new process. */
  #writeArgv(args: readonly string[]): [number, number] {
    const encoder = new TextEncoder();
    const pointers = args.map((arg) => {
      const bytes = encoder.encode(arg);
      const pointer = this.#exports.malloc(bytes.length + 1);
      if (pointer === 0) throw new Error('espeak-ng is out of memory for its arguments');
      const memory = new Uint8Array(this.#exports.memory.buffer);
      memory.set(bytes, pointer);
      memory[pointer + bytes.length] = 0;
      return pointer;
    });
    const argv = this.#exports.malloc(4 * (pointers.length + 1));
    if (argv === 0) throw new Error('espeak-ng is out of memory for its arguments');
    const view = new DataView(this.#exports.memory.buffer);
    pointers.forEach((pointer, index) => view.setUint32(argv + 4 * index, pointer, true));
    view.setUint32(argv + 4 * pointers.length, 0, true);
    return [pointers.length, argv];
  }
}

interface OutputSink {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/**
 * Copies everything in linear memory except the embedded data files' contents, which the program only reads.
 * Falls back to the whole memory if the embedded file table does not look as expected.
 */
function snapshotMutableMemory(module: EspeakModule, exports: EspeakExports): SavedRegion[] {
  const memory = new Uint8Array(exports.memory.buffer);
  const span = embeddedFileSpan(module.___emscripten_embedded_file_data, new DataView(exports.memory.buffer));
  if (!span) return [{ start: 0, bytes: memory.slice() }];
  return [
    { start: 0, bytes: memory.slice(0, span.start) },
    { start: span.end, bytes: memory.slice(span.end) },
  ];
}

/** The contiguous range holding the embedded files' bytes, read from Emscripten's (name, length, content) table. */
function embeddedFileSpan(table: number, view: DataView): { start: number; end: number } | undefined {
  if (!Number.isInteger(table) || table <= 0 || table + 12 > view.byteLength) return undefined;
  let start = Infinity;
  let end = 0;
  let total = 0;
  for (let entry = table; entry + 12 <= view.byteLength && view.getUint32(entry, true) !== 0; entry += 12) {
    const length = view.getUint32(entry + 4, true);
    const content = view.getUint32(entry + 8, true);
    start = Math.min(start, content);
    end = Math.max(end, content + length);
    total += length;
  }
  // Only trust a span that is exactly the files packed together and sits below the table itself.
  const plausible = total > 0 && end <= table && end - start <= total + 16 * 1024 * 1024 && start < end;
  return plausible ? { start, end } : undefined;
}

function exitStatusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ExitStatus') {
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number' ? status : 1;
  }
  return undefined;
}

function removeIfPresent(fs: EspeakModule['FS'], path: string): void {
  if (fs.analyzePath(path).exists) fs.unlink(path);
}

/** A run that exit()s midway leaves its files open in the JS side of the file system; close them. */
function closeLeakedStreams(fs: EspeakModule['FS']): void {
  for (const stream of [...fs.streams]) {
    if (stream && stream.fd > 2) fs.close(stream);
  }
}
