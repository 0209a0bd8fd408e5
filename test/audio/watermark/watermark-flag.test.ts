/**
 * The watermark switches reach the worker that encodes: the encode options' default (WATERMARK) and a request's own
 * `watermark: false` (a server that turned it off). Judged on the decoded Opus the bot would send.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAudioPipelineOptions } from '../../../src/audio/audio-pipeline-options.ts';
import { detectWatermark } from '../../../src/audio/watermark/watermark-detector.ts';
import { payloadForId } from '../../../src/audio/watermark/watermark-payload.ts';
import { createSpeechGenerator, type PooledSpeechGenerator } from '../../../src/generator/create-speech-generator.ts';
import type { SpeechRequest } from '../../../src/generator/speech-request.ts';
import { decodePackets } from '../helpers/opus-decode.ts';

const text = 'The weather is nice today so we are going for a walk in the park. Our meeting has been moved to Thursday.';
let generator: PooledSpeechGenerator;

before(async () => {
  generator = await createSpeechGenerator({ workers: 1 });
});
after(async () => {
  await generator.close();
});

async function spoken(request: SpeechRequest, watermark: boolean): Promise<Float32Array> {
  const packets: Buffer[] = [];
  for await (const batch of generator.pool.speak(request, resolveAudioPipelineOptions({ watermark, watermarkId: '42' }))) packets.push(...batch.packets);
  return decodePackets(packets).left;
}

test('on by default: a request without the flag is marked with the configured id; false leaves it out; off stays off', async () => {
  const request: SpeechRequest = { voice: 'flite:slt', text };
  const marked = detectWatermark(await spoken(request, true));
  assert.ok(marked.watermarked, `score ${marked.score.toFixed(1)}`);
  assert.equal(marked.payload, payloadForId('42'));
  const optedOut = detectWatermark(await spoken({ ...request, watermark: false }, true));
  assert.ok(!optedOut.watermarked, `request watermark:false, score ${optedOut.score.toFixed(1)}`);
  const configuredOff = detectWatermark(await spoken({ ...request, watermark: true }, false));
  assert.ok(!configuredOff.watermarked, `WATERMARK=off wins over a request's true, score ${configuredOff.score.toFixed(1)}`);
});
