import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportMutableGlobals } from '../../../src/generator/flite/wasm-global-exports.ts';
import { name, section } from './wasm-bytes.ts';

interface WasmGlobal {
  value: number;
}
const wasm = (globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
    Global: new (descriptor: { value: string; mutable: boolean }, value: number) => WasmGlobal;
  };
}).WebAssembly;

/**
 * A module with one imported global (index 0), an immutable global (1), a mutable i32 global (2) initialised to 7,
 * a mutable i64 global (3), and an exported function `bump` that adds 1 to global 2 and returns it.
 */
function testModule(withExports: boolean): Uint8Array {
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]), // type 0: () -> i32
    ...section(2, [1, ...name('env'), ...name('g'), 3, 0x7f, 0]), // import env.g: const i32
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(6, [
      3,
      0x7f, 0, 0x41, 5, 0x0b, // global 1: const i32 = 5
      0x7f, 1, 0x41, 7, 0x0b, // global 2: mut i32 = 7
      0x7e, 1, 0x42, 1, 0x0b, // global 3: mut i64 = 1
    ]),
    ...(withExports ? section(7, [1, ...name('bump'), 0, 0]) : []),
    // function 0: global.get 2, i32.const 1, i32.add, global.set 2, global.get 2
    ...section(10, [1, 11, 0, 0x23, 2, 0x41, 1, 0x6a, 0x24, 2, 0x23, 2, 0x0b]),
  ];
  return Uint8Array.from(bytes);
}

test('every mutable global is exported, counted after the imported ones, and the module still works', async () => {
  const { bytes, names } = exportMutableGlobals(testModule(true), 'g');
  assert.deepEqual(names, ['g2', 'g3']);
  const imported = new wasm.Global({ value: 'i32', mutable: false }, 1);
  const { instance } = await wasm.instantiate(bytes, { env: { g: imported } });
  const bump = instance.exports.bump as () => number;
  const counter = instance.exports.g2 as WasmGlobal;
  assert.equal(counter.value, 7);
  assert.equal(bump(), 8);
  assert.equal(counter.value, 8, 'the export is the global itself');
  counter.value = 7;
  assert.equal(bump(), 8, 'setting the export resets what the code sees');
  assert.equal(instance.exports.g1, undefined, 'immutable globals are left alone');
});

test('a module without an export section gets one', async () => {
  const { bytes, names } = exportMutableGlobals(testModule(false), 'g');
  assert.deepEqual(names, ['g2', 'g3']);
  const imported = new wasm.Global({ value: 'i32', mutable: false }, 1);
  const { instance } = await wasm.instantiate(bytes, { env: { g: imported } });
  assert.equal((instance.exports.g2 as WasmGlobal).value, 7);
});

test('bad input and name clashes are refused', () => {
  assert.throws(() => exportMutableGlobals(Uint8Array.of(1, 2, 3)), /not a WebAssembly binary/);
  const once = exportMutableGlobals(testModule(true), 'g').bytes;
  assert.throws(() => exportMutableGlobals(once, 'g'), /already exports "g2"/);
});
