import { test } from 'node:test';
import assert from 'node:assert/strict';
import { samplesForSentence } from '../../helpers/tone-engine/tone-spec.ts';
import { prepareForTest } from '../../helpers/tone-engine/text-module.ts';
import { collect, concat, ToneEvents, tonePool, waitFor } from './pool-test-kit.ts';

const PLAYING = 8;
const WINDOW = 2;

test("a new request's first chunk is made before the later chunks of requests already playing", async () => {
  const events = new ToneEvents();
  // One second of tone per chunk: the playing requests have seconds of audio buffered when the newcomer arrives.
  // Admission would hold the newcomer back until a playing request finishes (nine streams on one worker); this test
  // is about turn order once requests are running, so every request is let in.
  const pool = tonePool({ workers: 1, chunkWindow: WINDOW, utilisation: 1, chunkPlan: { firstChunkFrames: 100, chunkFrames: 100, contextFrames: 0, overlapSeconds: 0 } });
  const controller = new AbortController();
  try {
    // Eight requests on one worker, each with a text of its own so the engine's events tell them apart.
    const texts = Array.from({ length: PLAYING }, (_, i) => `Playing request number ${i} ${'goes on and on '.repeat(40)}.`);
    const streams = texts.map((text) => pool.stream({ text, voice: 'tone:slow' }, controller.signal)[Symbol.asyncIterator]());
    for (const stream of streams) assert.equal((await stream.next()).done, false);
    // Nobody reads on: each request fills its window and then holds no credit, so the worker falls quiet.
    await waitFor(() => events.count('chunk', 'slow') >= PLAYING * (1 + WINDOW), 'every window to fill');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const quiet = events.events.length;
    // One credit each (their acks reach the worker first), then the newcomer: all of them now want a turn.
    for (const stream of streams) assert.equal((await stream.next()).done, false);
    const newcomer = 'A newcomer arrives.';
    const heard = collect(pool.stream({ text: newcomer, voice: 'tone:slow' }));
    heard.catch(() => {}); // awaited below; a failed assertion before that must not turn into an unhandled rejection
    const drained = streams.map(async (stream) => {
      try {
        while (!(await stream.next()).done);
      } catch {
        // aborted below, once the order is known
      }
    });
    await waitFor(() => events.events.some((e) => e.event === 'chunk' && e.text === newcomer), "the newcomer's first chunk");
    const since = events.events.slice(quiet).filter((e) => e.event === 'chunk');
    const newcomerFirst = since.findIndex((e) => e.text === newcomer);
    // The model call already running when the newcomer arrived may finish first; nothing else may. (Interleaving
    // the requests would let every playing request make a chunk first: 8 here.)
    assert.ok(newcomerFirst <= 2, `${newcomerFirst} chunks of playing requests came before the newcomer's first`);
    const chunks = await heard;
    const [sentence] = prepareForTest(newcomer);
    assert.equal(concat(chunks).length, samplesForSentence(sentence, 16000), 'the newcomer is heard in full');
    controller.abort();
    await Promise.all(drained);
  } finally {
    events.close();
    await pool.close();
  }
});

test('flow control holds: a request without credit makes nothing, whatever the priority', async () => {
  const events = new ToneEvents();
  const pool = tonePool({ workers: 1, chunkWindow: WINDOW });
  try {
    const text = `A reader that stops ${'and waits '.repeat(30)}.`;
    const stream = pool.stream({ text, voice: 'tone:a440' });
    const iterator = stream[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).done, false);
    await waitFor(() => stream.stats.received >= 1 + WINDOW, 'the window to fill');
    // Other requests come and go meanwhile; none of their turns may be spent on the stalled one.
    await Promise.all([1, 2, 3].map((i) => collect(pool.stream({ text: `Passing by ${i}.`, voice: 'tone:a880' }))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(stream.stats.received, 1 + WINDOW);
    assert.equal(events.count('chunk', 'a440'), 1 + WINDOW, 'the engine made exactly what the credits allowed');
    await iterator.return?.();
  } finally {
    events.close();
    await pool.close();
  }
});
