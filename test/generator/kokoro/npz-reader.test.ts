import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NpzFormatError, parseNpy, parseNpz } from '../../../src/generator/kokoro/npz-reader.ts';
import { encodeNpy, encodeNpz } from './npz-writer.ts';

const arrays = new Map([
  ['af_one', { shape: [3, 1, 4], data: Float32Array.from({ length: 12 }, (_, i) => i / 2) }],
  ['bm_two', { shape: [2, 4], data: Float32Array.from({ length: 8 }, (_, i) => -i) }],
]);

for (const deflate of [false, true]) {
  test(`reads np.savez${deflate ? '_compressed' : ''}-style archives with zip64 fields`, () => {
    const parsed = parseNpz(encodeNpz(arrays, deflate));
    assert.deepEqual([...parsed.keys()], ['af_one', 'bm_two']);
    assert.deepEqual(parsed.get('af_one')?.shape, [3, 1, 4]);
    assert.deepEqual([...(parsed.get('af_one')?.data ?? [])], [...arrays.get('af_one')!.data]);
    assert.deepEqual([...(parsed.get('bm_two')?.data ?? [])], [...arrays.get('bm_two')!.data]);
  });
}

test('a 1-D npy header and its data parse', () => {
  const parsed = parseNpy(encodeNpy([3], Float32Array.of(1, 2, 3)));
  assert.deepEqual(parsed.shape, [3]);
  assert.deepEqual([...parsed.data], [1, 2, 3]);
});

test('non-zip, truncated and non-float32 inputs are NpzFormatErrors', () => {
  assert.throws(() => parseNpz(new TextEncoder().encode('definitely not a zip file at all')), NpzFormatError);
  const archive = encodeNpz(arrays);
  assert.throws(() => parseNpz(archive.subarray(0, archive.length - 40)), NpzFormatError);
  const npy = encodeNpy([2], Float32Array.of(1, 2));
  const text = new TextDecoder().decode(npy.subarray(0, 40)).replace('<f4', '<f8');
  const f8 = Uint8Array.from(npy);
  f8.set(new TextEncoder().encode(text).subarray(10), 10);
  assert.throws(() => parseNpy(f8), /float32/);
  assert.throws(() => parseNpy(npy.subarray(0, npy.length - 2)), /truncated/);
});
