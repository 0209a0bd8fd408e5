import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import { samplesForSentence } from '../../helpers/tone-engine/tone-spec.ts';
import { prepareForTest } from '../../helpers/tone-engine/text-module.ts';
import { collect, concat, estimateFrequency, testChunkPlan, ToneEvents, tonePool, waitFor } from './pool-test-kit.ts';

const twoSentences = 'The quick brown fox jumps over the lazy dog. Then it runs away into the dark forest.';

test('chunks stream in order: small first chunk, sentence by sentence, exact duration and pitch', async () => {
  const pool = tonePool();
  try {
    const sentences = await prepareForTest(twoSentences);
    assert.ok(sentences.length >= 2, 'the text splits into sentences');
    const chunks = await collect(pool.stream({ text: twoSentences, voice: 'tone:a440' }));
    const frame = 160; // 10 ms at 16 kHz
    // Rebuild the expected chunk lengths from the plan: small first chunk only for the first sentence.
    const expected: number[] = [];
    sentences.forEach((sentence, index) => {
      let left = samplesForSentence(sentence, 16000);
      let first = true;
      while (left > 0) {
        const frames = first && index === 0 ? testChunkPlan.firstChunkFrames : testChunkPlan.chunkFrames;
        const length = Math.min(frames * frame, left);
        expected.push(length);
        left -= length;
        first = false;
      }
    });
    assert.deepEqual(chunks.map((c) => c.samples.length), expected);
    assert.ok(chunks.every((c) => c.sampleRate === 16000 && c.overlap === 0));
    // Within the first sentence the sine must run on across chunk joins (no restarts, nothing reordered).
    const firstSentenceChunks = Math.ceil(
      (samplesForSentence(sentences[0], 16000) - testChunkPlan.firstChunkFrames * frame) / (testChunkPlan.chunkFrames * frame),
    ) + 1;
    const audio = concat(chunks.slice(0, firstSentenceChunks));
    const maxStep = 0.5 * ((2 * Math.PI * 440) / 16000) * 1.01;
    for (let i = 1; i < audio.length; i++) {
      assert.ok(Math.abs(audio[i] - audio[i - 1]) <= maxStep, `discontinuity at sample ${i}`);
    }
    assert.ok(Math.abs(estimateFrequency(audio, 16000) - 440) < 1, 'pitch is 440 Hz');
  } finally {
    await pool.close();
  }
});

test('speed shortens the audio and the voice picks the sample rate', async () => {
  const pool = tonePool();
  try {
    const text = 'Fast speech is short.';
    const [sentence] = await prepareForTest(text);
    const chunks = await collect(pool.stream({ text, voice: 'tone:a880', speed: 2 }));
    assert.equal(concat(chunks).length, samplesForSentence(sentence, 24000, 2));
    assert.ok(chunks.every((c) => c.sampleRate === 24000));
    assert.ok(Math.abs(estimateFrequency(concat(chunks), 24000) - 880) < 2);
  } finally {
    await pool.close();
  }
});

test('engines are created once per worker and reused across requests', async () => {
  const events = new ToneEvents();
  const pool = tonePool();
  try {
    for (let i = 0; i < 3; i++) await collect(pool.stream({ text: `Request number ${i}.`, voice: 'tone:a440' }));
    await waitFor(() => events.count('finished') >= 3, 'engine events');
    assert.equal(events.count('created'), 1);
  } finally {
    events.close();
    await pool.close();
  }
});

test('concurrent requests go to the least busy workers and all complete', async () => {
  const pool = tonePool({ workers: 2 });
  try {
    const long = 'This slow request has quite a lot of words in it so that it takes a while.';
    const a = pool.stream({ text: long, voice: 'tone:slow' });
    const b = pool.stream({ text: long, voice: 'tone:slow' });
    const c = pool.stream({ text: 'Short one.', voice: 'tone:a440' });
    const running = [collect(a), collect(b)];
    // Each worker got one slow request: the scheduler spread them instead of queueing both on one thread.
    assert.deepEqual(pool.stats().inFlight, [1, 1]);
    const cChunks = await collect(c);
    const [aChunks, bChunks] = await Promise.all(running);
    const [sentence] = await prepareForTest(long);
    assert.equal(concat(aChunks).length, samplesForSentence(sentence, 16000));
    assert.equal(concat(bChunks).length, samplesForSentence(sentence, 16000));
    assert.ok(cChunks.length > 0);
    assert.deepEqual(pool.stats().inFlight, [0, 0]);
  } finally {
    await pool.close();
  }
});

test('flow control: a consumer that stops reading holds the worker to the window', async () => {
  const events = new ToneEvents();
  const window = 2;
  const pool = tonePool({ chunkWindow: window });
  try {
    const text = 'word '.repeat(150).trim() + '.'; // 15 s of tone: about 75 chunks
    const stream = pool.stream({ text, voice: 'tone:a440' });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false);
    await waitFor(() => stream.stats.received >= 1 + window, 'the window to fill');
    // Give an unthrottled worker every chance to run ahead; it must not.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(stream.stats.received <= 1 + window, `received ${stream.stats.received} with 1 consumed`);
    // The engine may have made one chunk that waits for credit inside the worker, no more.
    assert.ok(events.count('chunk') <= 1 + window + 1, `engine made ${events.count('chunk')} chunks`);
    let consumed = 1;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      consumed++;
    }
    assert.ok(consumed > 50, `all ${consumed} chunks arrive once the consumer reads`);
    assert.ok(stream.stats.maxBuffered <= window, `buffered at most ${stream.stats.maxBuffered}`);
  } finally {
    events.close();
    await pool.close();
  }
});

test('abort ends the stream with an AbortError and frees the worker for the next request', async () => {
  const events = new ToneEvents();
  const pool = tonePool({ workers: 1 });
  try {
    const controller = new AbortController();
    const text = 'word '.repeat(200).trim() + '.';
    const iterator = pool.stream({ text, voice: 'tone:slow' }, controller.signal)[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).done, false);
    const pending = iterator.next();
    controller.abort();
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    await waitFor(() => pool.stats().inFlight[0] === 0, 'the worker to finish the cancelled request');
    assert.equal(events.count('aborted', 'slow'), 1, 'the engine saw the abort between model calls');
    const producedAtAbort = events.count('chunk', 'slow');
    assert.ok(producedAtAbort < 10, `the worker stopped early (${producedAtAbort} chunks of ~100)`);
    const chunks = await collect(pool.stream({ text: 'Next in line.', voice: 'tone:a440' }));
    assert.ok(chunks.length > 0, 'the next request is served');
    assert.equal(events.count('chunk', 'slow'), producedAtAbort, 'nothing more was made for the aborted request');
  } finally {
    events.close();
    await pool.close();
  }
});

test('a signal aborted before start rejects at once; breaking out of the loop cancels quietly', async () => {
  const pool = tonePool();
  try {
    await assert.rejects(
      collect(pool.stream({ text: 'Never read.', voice: 'tone:a440' }, AbortSignal.abort())),
      (error: Error) => error.name === 'AbortError',
    );
    const text = 'word '.repeat(200).trim() + '.';
    let seen = 0;
    for await (const chunk of pool.stream({ text, voice: 'tone:slow' })) {
      assert.ok(chunk.samples.length > 0);
      if (++seen === 2) break;
    }
    await waitFor(() => pool.stats().inFlight[0] === 0, 'the cancelled request to end');
  } finally {
    await pool.close();
  }
});

for (const crash of ['crash-exit', 'crash-throw', 'crash-oom'] as const) {
  test(`a worker that dies (${crash}) is replaced; only its request fails`, async () => {
    const pool = tonePool({ workers: 2, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    try {
      const long = 'This slow request keeps running on the other worker while its neighbour dies.';
      const healthy = collect(pool.stream({ text: long, voice: 'tone:slow' }));
      const doomed = pool.stream({ text: 'This one will crash the worker.', voice: `tone:${crash}` });
      const received: number[] = [];
      await assert.rejects(
        (async () => {
          for await (const chunk of doomed) received.push(chunk.samples.length);
        })(),
        (error: unknown) => error instanceof SpeechError && error.code === 'worker-crashed' && /unexpectedly/.test(error.message),
      );
      const [sentence] = await prepareForTest(long);
      assert.equal(concat(await healthy).length, samplesForSentence(sentence, 16000), 'the other request completes in full');
      assert.equal(pool.stats().workers, 2);
      assert.equal(pool.stats().replacedWorkers, 1);
      // The replacement serves requests.
      const after = await Promise.all([1, 2].map((i) => collect(pool.stream({ text: `After ${i}.`, voice: 'tone:a440' }))));
      assert.ok(after.every((chunks) => chunks.length > 0));
    } finally {
      await pool.close();
    }
  });
}

test('bad requests reject with friendly SpeechErrors before any audio', async () => {
  const pool = tonePool({ maxCharacters: 100 });
  const rejectsWith = async (request: Parameters<typeof pool.stream>[0], code: string, message?: RegExp) =>
    assert.rejects(collect(pool.stream(request)), (error: unknown) => {
      assert.ok(error instanceof SpeechError, `expected a SpeechError, got ${String(error)}`);
      assert.equal(error.code, code);
      if (message) assert.match(error.message, message);
      return true;
    });
  try {
    await rejectsWith({ text: 'Hi.', voice: 'tome:a440' }, 'unknown-voice', /Did you mean tone\?/);
    await rejectsWith({ text: 'Hi.', voice: 'a440' }, 'unknown-voice', /engine:voice/);
    await rejectsWith({ text: 'Hi.', voice: 'tone:a44' }, 'unknown-voice', /tone:a440/);
    await rejectsWith({ text: 'Hi.', voice: 'tone:missing' }, 'voice-not-installed', /npm run models -- fetch tone:missing/);
    await rejectsWith({ text: 'Hi.', voice: 'tone:a440', speed: 9 }, 'invalid-parameter', /0\.5 and 2\.5/);
    await rejectsWith({ text: '   ', voice: 'tone:a440' }, 'empty-text');
    await rejectsWith({ text: 'x'.repeat(101), voice: 'tone:a440' }, 'text-too-long');
    // An internal failure is reported plainly, without the engine's paths.
    await assert.rejects(collect(pool.stream({ text: 'This fails after a chunk.', voice: 'tone:fail' })), (error: unknown) => {
      assert.ok(error instanceof SpeechError);
      assert.equal(error.code, 'engine-failed');
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
    // The worker survived all of that.
    assert.ok((await collect(pool.stream({ text: 'Still here.', voice: 'tone:a440' }))).length > 0);
    assert.equal(pool.stats().replacedWorkers, 0);
  } finally {
    await pool.close();
  }
});
