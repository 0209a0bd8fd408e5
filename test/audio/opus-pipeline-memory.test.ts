import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AudioChunk } from '../../src/audio/audio-chunk.ts';
import { createOpusStream } from '../../src/audio/opus-pipeline.ts';
import { defaultAudioPipelineOptions } from '../../src/audio/audio-pipeline-options.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Ten minutes of tone in 200 ms chunks with 10 ms overlaps, made one chunk at a time as they are asked for. */
async function* tenMinutes(rate: number): AsyncGenerator<AudioChunk> {
  const chunk = Math.round(rate * 0.2);
  const overlap = Math.round(rate * 0.01);
  const total = rate * 600;
  for (let start = 0; start < total; start += chunk) {
    const from = start === 0 ? 0 : start - overlap;
    const samples = new Float32Array(Math.min(total, start + chunk) - from);
    for (let i = 0; i < samples.length; i++) samples[i] = 0.2 * Math.sin(2 * Math.PI * 180 * (from + i) / rate);
    yield { samples, sampleRate: rate, overlap: start - from };
  }
}

function memoryNow(): { heap: number; rss: number } {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

test('a 10-minute utterance streams in bounded memory', async (t) => {
  // The cheapest resampler and encoder settings keep this test quick; buffering does not depend on them.
  // With an abort signal, as the bot uses it: a per-read abort listener must not pile up either.
  const stream = createOpusStream(tenMinutes(16_000), { resamplerQuality: 'linear', opusComplexity: 0 }, new AbortController().signal);
  let frames = 0;
  let atOneMinute: { heap: number; rss: number } | null = null;
  let largestHeapGrowth = 0;
  for await (const packet of stream) {
    assert.ok((packet as Buffer).length > 0);
    frames++;
    if (frames === 3_000) atOneMinute = memoryNow();
    if (atOneMinute !== null && frames % 6_000 === 0) {
      largestHeapGrowth = Math.max(largestHeapGrowth, memoryNow().heap - atOneMinute.heap);
    }
  }
  assert.equal(frames, 30_000 + defaultAudioPipelineOptions.paddingFrames);
  assert.ok(atOneMinute !== null);
  const end = memoryNow();
  largestHeapGrowth = Math.max(largestHeapGrowth, end.heap - atOneMinute.heap);
  t.diagnostic(`heap growth after minute 1: ${(largestHeapGrowth / 1e6).toFixed(2)} MB, RSS: ${((end.rss - atOneMinute.rss) / 1e6).toFixed(1)} MB`);
  // Holding the whole utterance would take 10 min * 48 kHz * 4 B = 115 MB of float PCM; the pipeline holds ~0.1 s.
  assert.ok(largestHeapGrowth < 8e6, `heap grew by ${(largestHeapGrowth / 1e6).toFixed(1)} MB after the first minute`);
  assert.ok(end.rss - atOneMinute.rss < 40e6, `RSS grew by ${((end.rss - atOneMinute.rss) / 1e6).toFixed(1)} MB`);
});
