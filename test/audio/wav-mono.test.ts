import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWavMono, encodeWav } from '../../src/audio/wav.ts';

test('decodeWavMono reads back 16-bit mono PCM', () => {
  const samples = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10) * 0.8);
  const decoded = decodeWavMono(encodeWav(samples, 16000));
  assert.equal(decoded.sampleRate, 16000);
  assert.equal(decoded.samples.length, 1000);
  for (let i = 0; i < 1000; i++) assert.ok(Math.abs(decoded.samples[i] - samples[i]) < 1e-4);
});

test('skips unknown chunks, mixes stereo to mono, and trusts the file length for a streaming size', () => {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(2, 10);
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(32000, 16);
  fmt.writeUInt16LE(4, 20);
  fmt.writeUInt16LE(16, 22);
  const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1'); // odd size: padded to even
  const data = Buffer.alloc(8 + 8);
  data.write('data', 0, 'ascii');
  data.writeUInt32LE(0xffffffff, 4);
  data.writeInt16LE(16384, 8);
  data.writeInt16LE(0, 10);
  data.writeInt16LE(-32768, 12);
  data.writeInt16LE(-32768, 14);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'ascii');
  header.write('WAVE', 8, 'ascii');
  const decoded = decodeWavMono(Buffer.concat([header, fmt, list, data]));
  assert.equal(decoded.sampleRate, 8000);
  assert.deepEqual([...decoded.samples], [0.25, -1]);
});

test('rejects files that are not 16-bit PCM WAV with a clear message', () => {
  assert.throws(() => decodeWavMono(Buffer.from('hello world, not audio')), /no RIFF\/WAVE header/);
  const float = encodeWav(new Float32Array(4), 16000);
  float.writeUInt16LE(3, 20);
  assert.throws(() => decodeWavMono(float), /Only 16-bit PCM WAV/);
  assert.throws(() => decodeWavMono(encodeWav(new Float32Array(4), 16000).subarray(0, 36)), /no data chunk/);
});
