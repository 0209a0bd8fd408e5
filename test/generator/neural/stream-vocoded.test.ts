import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import type { Vocode } from '../../../src/generator/neural/hifigan-vocoder.ts';
import { createLogMelAnalyzer } from '../../../src/generator/neural/log-mel-spectrogram.ts';
import { runFlite } from '../../../src/generator/flite/flite-wasi.ts';
import { createPolyphaseResampler } from '../../../src/generator/neural/polyphase-resampler.ts';
import { completeSignal, progressiveResample } from '../../../src/generator/neural/progressive-signal.ts';
import type { ProgressiveSignal } from '../../../src/generator/neural/progressive-signal.ts';
import { streamVocoded } from '../../../src/generator/neural/stream-vocoded.ts';
import { RECOMMENDED_NEURAL_CHUNK_PLAN } from '../../../src/generator/neural/index.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import { STREAMING_PLAN, fliteSpeech22k, loadVocoder } from './helpers/fixtures.ts';
import { joinChunks } from './helpers/join-chunks.ts';

const analyzer = createLogMelAnalyzer();
let vocode: Vocode;
let release: () => Promise<void>;
let speech: Float32Array;

before(async () => {
  ({ vocode, release } = await loadVocoder());
  speech = await fliteSpeech22k('Please remember to buy milk and bread tonight.');
});
after(() => release());

async function collect(iterable: AsyncIterable<AudioChunk>): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

test('chunked vocoding reassembles to the unchunked vocoder output (max diff < 1e-3)', async () => {
  const frames = analyzer.frameCount(speech.length);
  const whole = await vocode(analyzer.compute(speech, 0, frames), frames);
  const chunks = await collect(streamVocoded(completeSignal(speech), analyzer, vocode, STREAMING_PLAN, new AbortController().signal));
  assert.ok(chunks.length >= 4, `only ${chunks.length} chunks`);
  assert.equal(chunks[0].overlap, 0);
  assert.ok(chunks.slice(1).every((c) => c.overlap === 221), 'later chunks carry a 10 ms overlap');
  assert.ok(chunks.every((c) => c.sampleRate === 22050));
  assert.equal(chunks[0].samples.length, 12 * 256 + 221, 'first chunk: 12 frames plus the crossfade tail');

  const joined = joinChunks(chunks);
  assert.equal(joined.length, whole.length);
  let maxDiff = 0;
  let peak = 0;
  for (let i = 0; i < whole.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(joined[i] - whole[i]));
    peak = Math.max(peak, Math.abs(whole[i]));
  }
  assert.ok(peak > 0.1, 'the vocoder should produce audible speech');
  assert.ok(maxDiff < 1e-3, `max |chunked - unchunked| = ${maxDiff}`);
});

test('the recommended growing plan (24, 48, 96, ... frames) also reassembles to the unchunked output', async () => {
  const frames = analyzer.frameCount(speech.length);
  const whole = await vocode(analyzer.compute(speech, 0, frames), frames);
  const chunks = await collect(
    streamVocoded(completeSignal(speech), analyzer, vocode, RECOMMENDED_NEURAL_CHUNK_PLAN, new AbortController().signal),
  );
  const cores = chunks.map((c, k) => (c.samples.length - (chunks[k + 1]?.overlap ?? 0)) / 256);
  assert.deepEqual(cores.slice(0, 3), [24, 48, 96], `core frames ${cores.join(', ')}`);
  const joined = joinChunks(chunks);
  assert.equal(joined.length, whole.length);
  let maxDiff = 0;
  for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(joined[i] - whole[i]));
  assert.ok(maxDiff < 1e-3, `max |chunked - unchunked| = ${maxDiff}`);
});

test('too little context is visibly wrong (the comparison above can fail)', async () => {
  const frames = analyzer.frameCount(speech.length);
  const whole = await vocode(analyzer.compute(speech, 0, frames), frames);
  const chunks = await collect(
    streamVocoded(completeSignal(speech), analyzer, vocode, { ...STREAMING_PLAN, contextFrames: 0, overlapSeconds: 0 }, new AbortController().signal),
  );
  const joined = joinChunks(chunks);
  let maxDiff = 0;
  for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(joined[i] - whole[i]));
  assert.ok(maxDiff > 1e-2, `no-context chunks unexpectedly match (${maxDiff})`);
});

test('streams: the first chunk reaches the consumer before the last model call starts', async () => {
  const events: string[] = [];
  let calls = 0;
  const recording: Vocode = async (mel, frames) => {
    events.push(`vocode ${calls++}`);
    return vocode(mel, frames);
  };
  let received = 0;
  for await (const _chunk of streamVocoded(completeSignal(speech), analyzer, recording, STREAMING_PLAN, new AbortController().signal)) {
    events.push(`chunk ${received++}`);
  }
  assert.ok(calls >= 3);
  assert.ok(events.indexOf('chunk 0') < events.indexOf(`vocode ${calls - 1}`), events.join(', '));
  assert.deepEqual(events.slice(0, 3), ['vocode 0', 'chunk 0', 'vocode 1']);
});

test('abort between chunks: no further model call, iteration ends with SpeechError aborted', async () => {
  const controller = new AbortController();
  let calls = 0;
  const counting: Vocode = async (mel, frames) => {
    calls++;
    return vocode(mel, frames);
  };
  const received: AudioChunk[] = [];
  await assert.rejects(
    (async () => {
      for await (const chunk of streamVocoded(completeSignal(speech), analyzer, counting, STREAMING_PLAN, controller.signal)) {
        received.push(chunk);
        controller.abort();
      }
    })(),
    (error: unknown) => error instanceof SpeechError && error.code === 'aborted',
  );
  assert.equal(received.length, 1);
  assert.equal(calls, 1);
});

test('lazily resampled audio gives the vocoder exactly the mels of a whole-sentence resample', async () => {
  const flite = await runFlite('Our meeting has been moved to Thursday afternoon.', { voice: 'slt' });
  const resampler = createPolyphaseResampler(16000, 22050);
  const melsSeen = async (audio: ProgressiveSignal): Promise<Float32Array[]> => {
    const mels: Float32Array[] = [];
    // Only the mel inputs matter here, so the model is replaced by silence of the right length.
    const recordMel: Vocode = async (mel, frames) => {
      mels.push(mel);
      return new Float32Array(frames * 256);
    };
    for await (const _chunk of streamVocoded(audio, analyzer, recordMel, STREAMING_PLAN, new AbortController().signal));
    return mels;
  };
  const lazy = await melsSeen(progressiveResample(flite.samples, resampler));
  const whole = await melsSeen(completeSignal(resampler.resample(flite.samples)));
  assert.ok(lazy.length >= 3);
  assert.deepEqual(lazy, whole);
});
