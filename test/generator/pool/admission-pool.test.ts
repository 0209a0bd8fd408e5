import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collect, tonePool, waitFor } from './pool-test-kit.ts';

// About 2.4 s of tone: under the 3 s after which a request reports its cost, so these requests are charged the prior.
const text = (n: number): string => `Request number ${n} ${'keeps talking for a while '.repeat(4)}.`;

test('with no room left, a new request waits for a running one to finish, then is heard in full', async () => {
  // A prior cost of 0.1 per stream and room for 0.15: one stream at a time on the one worker.
  const pool = tonePool({ workers: 1, utilisation: 0.15 });
  try {
    const firstDone = collect(pool.stream({ text: text(1), voice: 'tone:a440' }));
    const secondChunks: number[] = [];
    let firstFinishedAt = 0;
    void firstDone.then(() => (firstFinishedAt = performance.now()));
    const second = (async () => {
      for await (const _chunk of pool.stream({ text: text(2), voice: 'tone:a440' })) secondChunks.push(performance.now());
    })();
    await waitFor(() => pool.stats().waiting === 1, 'the second request to wait');
    assert.equal(pool.stats().delayed, 1);
    const [first] = await Promise.all([firstDone, second]);
    assert.ok(first.length > 1);
    assert.ok(secondChunks.length > 1, 'the second request was heard');
    assert.ok(secondChunks[0] >= firstFinishedAt, 'it started only once the first one had finished generating');
    assert.equal(pool.stats().waiting, 0);
  } finally {
    await pool.close();
  }
});

test('a request cancelled while it waits never reaches a worker and frees its place in the line', async () => {
  const pool = tonePool({ workers: 1, utilisation: 0.15 });
  try {
    const first = collect(pool.stream({ text: text(1), voice: 'tone:a440' }));
    const controller = new AbortController();
    const waiting = collect(pool.stream({ text: text(2), voice: 'tone:a440' }, controller.signal));
    const third = collect(pool.stream({ text: text(3), voice: 'tone:a440' }));
    await waitFor(() => pool.stats().waiting === 2, 'two requests to wait');
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    assert.equal(pool.stats().waiting, 1);
    await first;
    assert.ok((await third).length > 1, 'the third request was heard after the first');
    assert.deepEqual(pool.stats().inFlight, [0]);
  } finally {
    await pool.close();
  }
});

test('close() fails requests that are still waiting for room', async () => {
  const pool = tonePool({ workers: 1, utilisation: 0.15 });
  // Settled into values at once: close() may fail them before the assertions below are reached.
  const settled = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'finished', (error: unknown) => error);
  const first = settled(collect(pool.stream({ text: text(1), voice: 'tone:a440' })));
  const waiting = settled(collect(pool.stream({ text: text(2), voice: 'tone:a440' })));
  await waitFor(() => pool.stats().waiting === 1, 'the second request to wait');
  await pool.close();
  assert.match(String(await waiting), /shutting down/);
  const firstOutcome = await first;
  assert.ok(firstOutcome === 'finished' || (firstOutcome instanceof Error && firstOutcome.name === 'SpeechError'), 'the running one ends or fails cleanly');
});

test('with a busy fallback voice, a request that finds no room is read at once with the cheaper voice', async () => {
  const pool = tonePool({ workers: 1, utilisation: 0.15 });
  try {
    const first = collect(pool.stream({ text: text(1), voice: 'tone:a440' }));
    await waitFor(() => pool.stats().inFlight[0] === 1, 'the first request to start');
    // No room for a second tone:a440, and none for tone:a880 either: it waits in line, but as the fallback voice.
    const second = collect(pool.stream({ text: text(2), voice: 'tone:a440', busyFallbackVoice: 'tone:a880' }));
    const [, heard] = await Promise.all([first, second]);
    assert.equal(heard[0].sampleRate, 24000, 'tone:a880 (24 kHz) read it, not tone:a440 (16 kHz)');
    assert.equal(pool.stats().fellBack, 1);
    // With room, the request's own voice is used.
    const alone = await collect(pool.stream({ text: text(3), voice: 'tone:a440', busyFallbackVoice: 'tone:a880' }));
    assert.equal(alone[0].sampleRate, 16000);
    assert.equal(pool.stats().fellBack, 1);
  } finally {
    await pool.close();
  }
});

test('a worker that crashes while requests wait for room: they start on its replacement and are heard in full', { timeout: 30_000 }, async () => {
  const pool = tonePool({ workers: 1, utilisation: 0.15 });
  try {
    const crashing = collect(pool.stream({ text: text(1), voice: 'tone:crash-exit' })).then(() => 'finished', (error: unknown) => error);
    const waiting = collect(pool.stream({ text: text(2), voice: 'tone:a440' }));
    const heard = await waiting;
    assert.ok(heard.length > 1, 'the waiting request was heard');
    assert.match(String(await crashing), /stopped unexpectedly/);
    assert.equal(pool.stats().replacedWorkers, 1);
    assert.equal(pool.stats().waiting, 0);
  } finally {
    await pool.close();
  }
});

test('a voice is measured early in its first request: cheaper than the prior guess, the next request starts before the first ends', async () => {
  // The prior (0.1 per stream) leaves room for one stream in 0.15; the tone engine really costs next to nothing.
  const pool = tonePool({ workers: 1, utilisation: 0.15, chunkWindow: 64 });
  const controller = new AbortController();
  try {
    let heardSeconds = 0;
    const first = (async () => {
      for await (const chunk of pool.stream({ text: `First ${'keeps talking for a long while '.repeat(20)}.`, voice: 'tone:a440' }, controller.signal)) {
        heardSeconds += (chunk.samples.length - chunk.overlap) / chunk.sampleRate;
        // A listener far behind: the first request stays in the worker, unfinished, while the second is asked for.
        if (heardSeconds > 4) await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve()));
      }
    })().catch(() => undefined);
    await waitFor(() => heardSeconds > 4, 'the first request to make its first seconds');
    const second = await collect(pool.stream({ text: text(2), voice: 'tone:a440' }));
    assert.ok(second.length > 1, 'the second request was made while the first was still being read');
    assert.equal(pool.stats().inFlight[0], 1, 'the first is still unfinished on the worker');
    controller.abort();
    await first;
  } finally {
    await pool.close();
  }
});
