import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { createOnnxSession } from '../../src/generator/onnx-session.ts';

const vocoderPath = fileURLToPath(new URL('../../models/hifigan/hifigan_v2_ljspeech.onnx', import.meta.url));

test('sessions with several intra-op threads do not spin: an idle process uses (almost) no CPU after a model call', async () => {
  const { session, provider } = await createOnnxSession(vocoderPath, {
    executionProviders: ['cpu'],
    intraOpThreads: 2,
    log: () => {},
  });
  try {
    assert.equal(provider, 'cpu');
    const mel = new Float32Array(80 * 40).fill(-5);
    const idleCpuMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      const output = await session.run({ mel: new ort.Tensor('float32', mel, [1, 80, 40]) });
      assert.equal(output.audio.dims.at(-1), 40 * 256);
      const before = process.cpuUsage();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const used = process.cpuUsage(before);
      idleCpuMs.push((used.user + used.system) / 1000);
    }
    // With onnxruntime's default spin-waiting the pool thread burned 35-50 ms of these 200 ms; sleeping threads ~0.3.
    assert.ok(Math.min(...idleCpuMs) < 15, `CPU while idle: ${idleCpuMs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
  } finally {
    await session.release();
  }
});
