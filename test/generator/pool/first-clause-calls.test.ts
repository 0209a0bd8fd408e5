import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GeneratorPool } from '../../../src/generator/pool/generator-pool.ts';
import { samplesForSentence } from '../../helpers/tone-engine/tone-spec.ts';
import { collect, concat, testChunkPlan, ToneEvents, tonePool, waitFor } from './pool-test-kit.ts';

const clause = 'When the evening train finally pulled into the little station,';
const rest = 'the passengers hurried out into the cold night air.';
const second = 'Nobody said a word.';

test('a long first sentence reaches the engine as a short first call, then the rest, then the next sentence', async () => {
  const events = new ToneEvents();
  const pool = tonePool();
  try {
    const chunks = await collect(pool.stream({ text: `${clause} ${rest} ${second}`, voice: 'tone:a440' }));
    await waitFor(() => events.count('finished') >= 3, 'three engine calls');
    const calls = events.events.filter((e) => e.event === 'finished').map((e) => e.text);
    assert.deepEqual(calls, [clause, rest, second], 'engine calls in order');
    const firstChunk = events.events.find((e) => e.event === 'chunk');
    assert.equal(firstChunk?.text, clause, 'the first chunk comes from the short call');
    // Small first chunk only for the first call; the rest starts with a full-size chunk like any later sentence.
    const frame = 160;
    const lengths = chunks.map((c) => c.samples.length);
    assert.equal(lengths[0], testChunkPlan.firstChunkFrames * frame);
    const clauseSamples = samplesForSentence(clause, 16000);
    const clauseChunks = 1 + Math.ceil((clauseSamples - testChunkPlan.firstChunkFrames * frame) / (testChunkPlan.chunkFrames * frame));
    assert.equal(lengths[clauseChunks], testChunkPlan.chunkFrames * frame, "the rest's first chunk is a full one");
    // The tone starts at once, so no opening pause is trimmed: every sample of every call arrives.
    const expected = [clause, rest, second].reduce((sum, text) => sum + samplesForSentence(text, 16000), 0);
    assert.equal(concat(chunks).length, expected);
  } finally {
    events.close();
    await pool.close();
  }
});

test('engines make a first chunk early only alone on the worker, and catch up when another request arrives', async () => {
  const events = new ToneEvents();
  const pool = tonePool({ workers: 1 });
  try {
    await collect(pool.stream({ text: 'Alone on the worker. Still alone here.', voice: 'tone:a440' }));
    await waitFor(() => events.count('finished') >= 2, 'two engine calls');
    assert.deepEqual(events.events.filter((e) => e.event === 'finished').map((e) => e.early), [true, true]);
    assert.equal(events.count('caught-up'), 0, 'nobody else came');
    events.events.length = 0;
    // The first is still running (its reader paused after one chunk) when the second arrives.
    const first = pool.stream({ text: 'One of two at once. It goes on for a while after that, and then some more.', voice: 'tone:a440' })[Symbol.asyncIterator]();
    assert.equal((await first.next()).done, false);
    await collect(pool.stream({ text: 'The other of the two.', voice: 'tone:a440' }));
    while (!(await first.next()).done);
    await waitFor(() => events.count('finished') >= 3, 'three engine calls');
    const finished = events.events.filter((e) => e.event === 'finished');
    assert.equal(finished[0].early, true, 'the first was alone when its call began');
    assert.equal(finished.find((e) => e.text === 'The other of the two.')?.early, false, 'the second came beside it');
    assert.equal(events.count('caught-up'), 1, 'the engines caught up when the second arrived');
  } finally {
    events.close();
    await pool.close();
  }
});

/** Lengths in seconds of the silent stretches (10 ms frames quieter than `threshold`) between the first and last sound. */
function innerPauses(samples: Float32Array, sampleRate: number, threshold = 0.01): number[] {
  const frame = Math.round(sampleRate / 100);
  const loud: boolean[] = [];
  for (let at = 0; at + frame <= samples.length; at += frame) {
    let peak = 0;
    for (let i = at; i < at + frame; i++) peak = Math.max(peak, Math.abs(samples[i]));
    loud.push(peak >= threshold);
  }
  const first = loud.indexOf(true);
  const last = loud.lastIndexOf(true);
  const pauses: number[] = [];
  let run = 0;
  for (let i = first; i <= last; i++) {
    if (loud[i]) {
      if (run > 0) pauses.push(run / 100);
      run = 0;
    } else {
      run++;
    }
  }
  return pauses;
}

test('neural:slt: the comma where the first sentence was cut sounds like a comma, not like a sentence break', async () => {
  const pool = new GeneratorPool({ workers: 1, log: () => {} });
  try {
    const chunks = await collect(pool.stream({ text: `${clause} ${rest}`, voice: 'neural:slt' }));
    const audio = concat(chunks);
    const rate = chunks[0].sampleRate;
    assert.ok(audio.length / rate > 3, `${(audio.length / rate).toFixed(2)} s of speech`);
    const longest = Math.max(...innerPauses(audio, rate));
    // Made whole, this comma pauses 0.11 s; in two calls it was 0.36 s before the second call's 0.2 s opening pause
    // was trimmed (the first call's closing pause stays: about 0.16 s then).
    assert.ok(longest >= 0.05 && longest <= 0.25, `longest pause inside the sentence: ${longest.toFixed(2)} s`);
  } finally {
    await pool.close();
  }
});
