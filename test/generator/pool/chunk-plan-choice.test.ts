import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { GeneratorPool } from '../../../src/generator/pool/generator-pool.ts';
import { defaultChunkPlan } from '../../../src/generator/pool/pool-config.ts';
import type { ChunkPlan } from '../../../src/generator/voice-engine.ts';
import { samplesForSentence } from '../../helpers/tone-engine/tone-spec.ts';
import { prepareForTest, testTextModule, toneEngineModule } from '../../helpers/tone-engine/text-module.ts';
import { PLANNED_ENGINE_PLAN, PLANNED_RATE, PLANNED_SENTENCE_FRAMES } from './planned-engine.ts';
import { collect, concat, estimateFrequency } from './pool-test-kit.ts';

const plannedEngineModule = fileURLToPath(new URL('./planned-engine.ts', import.meta.url));
const twoSentences = 'The first sentence is here. The second one follows it.';

function pool(chunkPlan?: ChunkPlan): GeneratorPool {
  return new GeneratorPool({
    workers: 1,
    engineModules: { planned: plannedEngineModule, tone: toneEngineModule },
    textModule: testTextModule,
    log: () => {},
    ...(chunkPlan ? { chunkPlan } : {}),
  });
}

/** Chunk lengths in 10 ms frames that `plan` gives one PLANNED_SENTENCE_FRAMES sentence. */
function expectedFrames(plan: ChunkPlan, firstSentence: boolean): number[] {
  const frames: number[] = [];
  for (let done = 0; done < PLANNED_SENTENCE_FRAMES; ) {
    const size = Math.min(done === 0 && firstSentence ? plan.firstChunkFrames : plan.chunkFrames, PLANNED_SENTENCE_FRAMES - done);
    frames.push(size);
    done += size;
  }
  return frames;
}

test('with no plan from the caller, an engine gets its own recommended plan (small first chunk, first sentence only)', async () => {
  const generator = pool();
  try {
    assert.equal(prepareForTest(twoSentences).length, 2);
    const chunks = await collect(generator.stream({ text: twoSentences, voice: 'planned:tone' }));
    const frames = chunks.map((c) => c.samples.length / (PLANNED_RATE / 100));
    assert.deepEqual(frames, [...expectedFrames(PLANNED_ENGINE_PLAN, true), ...expectedFrames(PLANNED_ENGINE_PLAN, false)]);
    assert.ok(Math.abs(estimateFrequency(concat(chunks.slice(0, 3)), PLANNED_RATE) - 440) < 1, 'the tone runs on across chunks');
  } finally {
    await generator.close();
  }
});

test("a caller's plan overrides the engine's recommendation", async () => {
  const callerPlan: ChunkPlan = { firstChunkFrames: 2, chunkFrames: 11, contextFrames: 0, overlapSeconds: 0 };
  const generator = pool(callerPlan);
  try {
    const chunks = await collect(generator.stream({ text: 'Only one sentence.', voice: 'planned:tone' }));
    assert.deepEqual(chunks.map((c) => c.samples.length / (PLANNED_RATE / 100)), expectedFrames(callerPlan, true));
  } finally {
    await generator.close();
  }
});

test('an engine without a recommendation gets the default plan', async () => {
  const generator = pool();
  try {
    const text = 'A tone engine sentence with no plan of its own.';
    const chunks = await collect(generator.stream({ text, voice: 'tone:a440' }));
    const frame = 160; // the tone engine's frame: 10 ms at 16 kHz
    const total = samplesForSentence(prepareForTest(text)[0], 16000);
    assert.equal(chunks[0].samples.length, Math.min(total, defaultChunkPlan.firstChunkFrames * frame));
    for (const chunk of chunks.slice(1, -1)) assert.equal(chunk.samples.length, defaultChunkPlan.chunkFrames * frame);
    assert.equal(concat(chunks).length, total);
  } finally {
    await generator.close();
  }
});
