import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeWav, encodeWav } from '../../src/audio/wav.ts';
import { AudioPipelineError } from '../../src/audio/audio-pipeline-error.ts';
import { sine } from './helpers/signals.ts';

test('mono and stereo round trip through 16-bit WAV within one quantisation step', () => {
  const left = sine(440, 22_050, 2_205, 0.9);
  const right = sine(880, 22_050, 2_205, 0.3);
  const bytes = encodeWav([left, right], 22_050);
  assert.equal(bytes.length, 44 + 2_205 * 4);
  const wav = decodeWav(bytes);
  assert.equal(wav.sampleRate, 22_050);
  assert.equal(wav.channels, 2);
  for (const [c, original] of [left, right].entries()) {
    for (let i = 0; i < original.length; i++) assert.ok(Math.abs(wav.channelData[c][i] - original[i]) < 2 / 32768);
  }
  const mono = decodeWav(encodeWav(left, 48_000));
  assert.equal(mono.channels, 1);
  assert.equal(mono.channelData[0].length, 2_205);
});

test('out-of-range samples are clipped, and bad files give a clear error', () => {
  const wav = decodeWav(encodeWav(new Float32Array([2, -2, Number.NaN]), 16_000));
  assert.deepEqual(Array.from(wav.channelData[0]).map((v) => Math.round(v * 32768)), [32767, -32767, 0]);
  assert.throws(() => decodeWav(Buffer.from('not a wav file at all')), AudioPipelineError);
  const float = encodeWav(new Float32Array(4), 16_000);
  float.writeUInt16LE(3, 20);
  assert.throws(() => decodeWav(float), /16-bit PCM/);
  assert.throws(() => encodeWav(new Float32Array(4), 0), /sample rate/);
});
