import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audibleSeconds, type AudioChunk } from '../../src/audio/audio-chunk.ts';
import { realTimeFactor, timeGeneration, type GenerationMeasure } from '../../src/playback/generation-timer.ts';
import { ManualClock, sineChunk } from './fakes.ts';

/** A generator that "takes" `msPerChunk` of the manual clock to make each chunk. */
async function* slowChunks(clock: ManualClock, chunks: AudioChunk[], msPerChunk: number): AsyncGenerator<AudioChunk> {
  for (const chunk of chunks) {
    await Promise.resolve();
    clock.advance(msPerChunk);
    yield chunk;
  }
}

test('measures time inside next() against audio made, overlaps not counted twice', async () => {
  const clock = new ManualClock();
  const first = sineChunk(300, 0.5);
  const second = { ...sineChunk(300, 0.6), overlap: 1600 }; // 0.1 s of it re-covers the first chunk's end
  const reports: GenerationMeasure[] = [];
  const timed = timeGeneration(slowChunks(clock, [first, second], 100), audibleSeconds, () => clock.now(), (m) => reports.push(m));
  const seen: AudioChunk[] = [];
  for await (const chunk of timed) {
    seen.push(chunk);
    clock.advance(5_000); // the consumer dawdling is not generator time
  }
  assert.deepEqual(seen, [first, second], 'chunks pass through unchanged');
  assert.equal(reports.length, 1);
  assert.equal(reports[0].chunks, 2);
  assert.equal(reports[0].busyMs, 200);
  assert.ok(Math.abs(reports[0].audioSeconds - 1.0) < 1e-9, `audio ${reports[0].audioSeconds}`);
  assert.ok(Math.abs((realTimeFactor(reports[0]) ?? NaN) - 0.2) < 1e-9);
});

test('no report for an utterance left early or failed, and the source is closed', async () => {
  const clock = new ManualClock();
  let closed = false;
  async function* source(): AsyncGenerator<AudioChunk> {
    try {
      for (;;) yield sineChunk(300, 0.1);
    } finally {
      closed = true;
    }
  }
  const reports: GenerationMeasure[] = [];
  for await (const _chunk of timeGeneration(source(), audibleSeconds, () => clock.now(), (m) => reports.push(m))) break;
  assert.equal(closed, true, 'leaving the loop closes the generator');

  async function* failing(): AsyncGenerator<AudioChunk> {
    yield sineChunk(300, 0.1);
    throw new Error('engine broke');
  }
  await assert.rejects(async () => {
    for await (const _chunk of timeGeneration(failing(), audibleSeconds, () => clock.now(), (m) => reports.push(m))) {
      // drain
    }
  }, /engine broke/);
  assert.equal(reports.length, 0);
});

test('the factor is undefined for an utterance without audio', () => {
  assert.equal(realTimeFactor({ audioSeconds: 0, busyMs: 10, chunks: 0 }), null);
  assert.equal(realTimeFactor({ audioSeconds: 2, busyMs: 500, chunks: 3 }), 0.25);
});
