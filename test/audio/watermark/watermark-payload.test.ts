import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLength, codewordFor, decodePayload, payloadBits, payloadForId, watermarkCodebook } from '../../../src/audio/watermark/watermark-payload.ts';

test('the payload code: distinct codewords far apart, so a few lost or flipped blocks cannot change the payload', () => {
  const book = watermarkCodebook();
  assert.equal(book.length, 1 << payloadBits);
  // Linear code: the minimum distance is the smallest weight of a non-zero codeword (-1 = a one bit).
  let minWeight = codeLength;
  for (let p = 1; p < book.length; p++) minWeight = Math.min(minWeight, book[p].reduce((n, v) => n + (v < 0 ? 1 : 0), 0));
  assert.ok(minWeight >= 20, `minimum distance ${minWeight}`);
  for (const p of [0, 7, 0xabc, 0xfff]) assert.deepEqual(codewordFor(p), book[p], 'the embedder spells it as the detector reads it');
});

test('decoding: clean, noisy and with a quarter of the blocks missing gives the payload back', () => {
  const book = watermarkCodebook();
  let state = 7;
  const noise = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  for (const payload of [0, 1, 0x5a5, 0xfff, payloadForId('123456789012345678')]) {
    const soft = Float64Array.from(book[payload], (v) => v);
    assert.equal(decodePayload(soft).payload, payload);
    const noisy = Float64Array.from(book[payload], (v, i) => (i % 4 === 0 ? 0 : v + 2 * noise()));
    const decoded = decodePayload(noisy);
    assert.equal(decoded.payload, payload);
    assert.ok(decoded.margin > 0);
  }
  assert.equal(decodePayload(new Float64Array(codeLength)).margin, 0, 'nothing heard: no winner');
});

test('payloadForId: the same id always gives the same 12 bits, different ids usually differ', () => {
  assert.equal(payloadForId('123456789012345678'), payloadForId('123456789012345678'));
  assert.equal(payloadForId(''), 0);
  const ids = Array.from({ length: 200 }, (_, i) => String(100_000_000_000_000_000n + BigInt(i) * 7919n));
  const payloads = new Set(ids.map(payloadForId));
  assert.ok(payloads.size > 180, `${payloads.size} distinct payloads for 200 ids`);
  for (const p of payloads) assert.ok(p >= 0 && p < 1 << payloadBits);
});
