import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FramePacker, frameBytes, samplesPerFrame } from '../../src/audio/frame-packer.ts';

function ramp(length: number, from: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => ((from + i) % 1000) / 1000);
}

test('cuts exact 960-sample stereo int16 frames whatever the input sizes, both channels equal', () => {
  const packer = new FramePacker();
  const frames: Buffer[] = [];
  let fed = 0;
  for (const size of [1, 959, 2_000, 3, 77, 1_920]) {
    frames.push(...packer.push(ramp(size, fed)));
    fed += size;
  }
  assert.equal(frames.length, Math.floor(fed / samplesPerFrame));
  assert.equal(packer.pendingSamples, fed % samplesPerFrame);
  for (const [k, frame] of frames.entries()) {
    assert.equal(frame.length, frameBytes);
    for (let i = 0; i < samplesPerFrame; i += 97) {
      const expected = Math.round(((k * samplesPerFrame + i) % 1000) / 1000 * 32767);
      assert.equal(frame.readInt16LE(i * 4), expected);
      assert.equal(frame.readInt16LE(i * 4 + 2), expected);
    }
  }
});

test('flush pads the last partial frame with silence and adds the requested silent frames', () => {
  const packer = new FramePacker();
  assert.equal(packer.push(new Float32Array(1_000).fill(0.5)).length, 1);
  const tail = packer.flush(5);
  assert.equal(tail.length, 6);
  const last = tail[0];
  assert.equal(last.readInt16LE(39 * 4), Math.round(0.5 * 32767));
  assert.equal(last.readInt16LE(40 * 4), 0);
  for (const frame of tail.slice(1)) assert.ok(frame.every((b) => b === 0));
  assert.equal(new FramePacker().flush(0).length, 0);
});
