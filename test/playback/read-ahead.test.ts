import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audibleSeconds, type AudioChunk } from '../../src/audio/audio-chunk.ts';
import { readAhead } from '../../src/playback/read-ahead.ts';
import { sineChunk, until } from './fakes.ts';

function countingSource(count: number, seconds: number, state: { pulled: number; closed: boolean }, failAt = -1): AsyncIterable<AudioChunk> {
  return (async function* () {
    try {
      for (let i = 0; i < count; i++) {
        if (i === failAt) throw new Error('boom');
        state.pulled++;
        yield sineChunk(440, seconds);
      }
    } finally {
      state.closed = true;
    }
  })();
}

test('starts generating before anyone reads, and stops at the bound', async () => {
  const state = { pulled: 0, closed: false };
  // 0.25 s chunks, 1 s bound: 4 buffered chunks, the producer then waits.
  const chunks = readAhead(countingSource(20, 0.25, state), audibleSeconds, 1, new AbortController().signal);
  await until(() => state.pulled >= 4, 'prefetch');
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(state.pulled, 4, 'buffer must be bounded');
  let read = 0;
  for await (const chunk of chunks) {
    assert.equal(chunk.samples.length, 4000);
    read++;
  }
  assert.equal(read, 20);
  assert.equal(state.closed, true);
});

test('a chunk longer than the bound still flows', async () => {
  const state = { pulled: 0, closed: false };
  const chunks = readAhead(countingSource(3, 5, state), audibleSeconds, 1, new AbortController().signal);
  let read = 0;
  for await (const _ of chunks) read++;
  assert.equal(read, 3);
});

test('source errors reach the consumer after the chunks made before them', async () => {
  const state = { pulled: 0, closed: false };
  const chunks = readAhead(countingSource(5, 0.1, state, 2), audibleSeconds, 10, new AbortController().signal);
  let read = 0;
  await assert.rejects(async () => {
    for await (const _ of chunks) read++;
  }, /boom/);
  assert.equal(read, 2);
});

test('abort stops pulling and closes the source', async () => {
  const state = { pulled: 0, closed: false };
  const controller = new AbortController();
  const chunks = readAhead(countingSource(100, 0.25, state), audibleSeconds, 1, controller.signal);
  await until(() => state.pulled >= 4, 'prefetch');
  controller.abort();
  await until(() => state.closed, 'source closed');
  const read: AudioChunk[] = [];
  for await (const chunk of chunks) read.push(chunk);
  assert.equal(read.length, 0);
  assert.ok(state.pulled <= 5);
});

test('a consumer that stops early closes the source', async () => {
  const state = { pulled: 0, closed: false };
  const chunks = readAhead(countingSource(100, 0.25, state), audibleSeconds, 1, new AbortController().signal);
  for await (const _ of chunks) break;
  await until(() => state.closed, 'source closed');
  assert.ok(state.pulled < 10);
});
