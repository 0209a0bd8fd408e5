import { test } from 'node:test';
import assert from 'node:assert/strict';
import ort from 'onnxruntime-node';
import { encodeVarint } from './protobuf-writer.ts';
import { GraphBuilder } from './graph-builder.ts';

test('varints match the protobuf spec examples', () => {
  assert.deepEqual([...encodeVarint(1)], [0x01]);
  assert.deepEqual([...encodeVarint(150)], [0x96, 0x01]);
  assert.deepEqual([...encodeVarint(300)], [0xac, 0x02]);
  // int64 -1 is ten bytes of two's complement.
  assert.deepEqual([...encodeVarint(-1)], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
});

test('a built model loads in onnxruntime with its declared signature and computes', async () => {
  const g = new GraphBuilder();
  // y = x * 2 + 1 ; n = length of x as int64
  const doubled = g.op('Mul', ['x', g.scalar(2)]);
  g.output('y', g.op('Add', [doubled, g.scalar(1)]));
  g.output('n', g.element(g.op('Shape', ['x']), 1));
  const bytes = g.build(
    [{ name: 'x', type: 'float32', shape: [1, 'len'] }],
    [
      { name: 'y', type: 'float32', shape: [1, 'len'] },
      { name: 'n', type: 'int64', shape: [] },
    ],
  );
  const session = await ort.InferenceSession.create(bytes);
  try {
    assert.deepEqual(session.inputNames, ['x']);
    assert.deepEqual(session.outputNames, ['y', 'n']);
    const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from([0, 1.5, -3]), [1, 3]) });
    assert.deepEqual([...(result.y.data as Float32Array)], [1, 4, -5]);
    assert.equal(result.n.data[0], 3n);
  } finally {
    await session.release();
  }
});
