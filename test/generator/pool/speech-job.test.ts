// SpeechJob driven directly with the planned test engine: when a request's first chunk is released, against how many
// engine calls it has made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { EngineCatalog } from '../../../src/generator/pool/engine-catalog.ts';
import { rawChunkOutput } from '../../../src/generator/pool/job-output.ts';
import { PhraseCache } from '../../../src/generator/pool/phrase-cache.ts';
import type { WorkerToMain } from '../../../src/generator/pool/protocol.ts';
import { SpeechJob } from '../../../src/generator/pool/speech-job.ts';
import { TurnQueue } from '../../../src/generator/pool/turn-queue.ts';
import { testTextModule } from '../../helpers/tone-engine/text-module.ts';
import { PLANNED_ENGINE_PLAN, PLANNED_RATE, PLANNED_SENTENCE_FRAMES } from './planned-engine.ts';
import { lowCoreShare, startCushionSeconds } from '../../../src/generator/pool/start-cushion.ts';

const plannedEngineModule = fileURLToPath(new URL('./planned-engine.ts', import.meta.url));

/** Runs one request; `firstChunkScale` answers each time the job asks. Returns the engine calls made by each post. */
async function callsAtEachPost(
  firstChunkScale: () => number,
  { coreShare, text = 'One sentence for the tone.' }: { coreShare?: () => number | undefined; text?: string } = {},
): Promise<{ calls: number[]; chunkFrames: number[] }> {
  const shutdown = new AbortController();
  const catalog = new EngineCatalog({
    engineModules: { planned: plannedEngineModule },
    textModule: testTextModule,
    engineOptions: { modelsDir: 'models', executionProviders: ['cpu'], intraOpThreads: 1, log: () => undefined },
    shutdown: shutdown.signal,
  });
  let engineCalls = 0;
  const turns = new TurnQueue({ onCall: () => engineCalls++ });
  const calls: number[] = [];
  const chunkFrames: number[] = [];
  const post = (message: WorkerToMain): void => {
    if (message.type !== 'chunk') return;
    calls.push(engineCalls);
    chunkFrames.push(message.samples.length / (PLANNED_RATE / 100));
  };
  const job = new SpeechJob(
    { type: 'synthesize', id: 1, request: { text, voice: 'planned:tone' }, window: 100 },
    {
      catalog, turns, post, maxCharacters: 1000, phrases: new PhraseCache(), chunkScale: () => 1, firstChunkScale, log: () => undefined,
      ...(coreShare ? { coreShare } : {}),
    },
    rawChunkOutput(1, post),
  );
  await job.run();
  shutdown.abort();
  return { calls, chunkFrames };
}

test('alone on its worker, a request releases its first chunk as soon as it is made', async () => {
  const { calls, chunkFrames } = await callsAtEachPost(() => 1);
  assert.equal(calls[0], 1, 'posted after the first engine call');
  assert.equal(chunkFrames[0], PLANNED_ENGINE_PLAN.firstChunkFrames);
});

test('a first chunk planned alone is held for the next one when other requests arrived during its engine call', async () => {
  // The first answer plans the chunk; by the time it is made, other requests share the worker (a burst).
  let asked = 0;
  const { calls, chunkFrames } = await callsAtEachPost(() => (asked++ === 0 ? 1 : 2));
  assert.equal(chunkFrames[0], PLANNED_ENGINE_PLAN.firstChunkFrames, 'the small first chunk is still sent first');
  assert.equal(calls[0], 2, 'but only once the second engine call has made the next chunk');
  assert.equal(calls[1], 2, 'and the two go together');
  assert.ok(chunkFrames.reduce((a, b) => a + b, 0) >= 30, 'nothing is lost');
});

/** Five sentences of the planned engine: 1.5 s of tone, in 25 engine calls. */
const fiveSentences = 'One. Two. Three. Four. Five.';

test('on a starved worker a request keeps its audio until its listener can start with a cushion', async () => {
  const { calls, chunkFrames } = await callsAtEachPost(() => 1, { coreShare: () => lowCoreShare / 2, text: fiveSentences });
  const firstBatch = calls.filter((call) => call === calls[0]).length;
  const framesInFirstBatch = chunkFrames.slice(0, firstBatch).reduce((a, b) => a + b, 0);
  assert.ok(framesInFirstBatch >= startCushionSeconds * 100, `released with ${framesInFirstBatch} frames (10 ms each) in hand`);
  assert.ok(framesInFirstBatch - chunkFrames[firstBatch - 1] < startCushionSeconds * 100, 'and not one chunk later than needed');
  assert.equal(chunkFrames.reduce((a, b) => a + b, 0), 5 * PLANNED_SENTENCE_FRAMES, 'nothing is lost');
  // Once playing it streams again: every later chunk goes out after its own call.
  assert.deepEqual(calls.slice(firstBatch), calls.slice(firstBatch).map((_, i) => calls[0] + 1 + i));
});

test('a worker with its core, or not measured yet, starts at once', async () => {
  for (const coreShare of [() => 0.9, () => undefined]) {
    const { calls } = await callsAtEachPost(() => 1, { coreShare, text: fiveSentences });
    assert.equal(calls[0], 1, `share ${String(coreShare())}: posted after the first engine call`);
  }
});

test('an utterance shorter than the cushion is released whole at its end on a starved worker', async () => {
  const { calls, chunkFrames } = await callsAtEachPost(() => 1, { coreShare: () => 0.2 });
  assert.ok(calls.every((call) => call === calls[0]), 'all in one go');
  assert.equal(chunkFrames.reduce((a, b) => a + b, 0), PLANNED_SENTENCE_FRAMES);
});
