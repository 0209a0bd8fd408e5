import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSpeechGenerator } from '../../../src/generator/create-speech-generator.ts';
import { GeneratorPool } from '../../../src/generator/pool/generator-pool.ts';
import { SpeechError } from '../../../src/generator/speech-request.ts';
import { testTextModule, toneEngineModule } from '../../helpers/tone-engine/text-module.ts';
import { collect, concat, estimateFrequency, ToneEvents, tonePool, waitFor } from './pool-test-kit.ts';

const threadsOf = (events: ToneEvents, kind: 'created' | 'chunk'): Set<number> =>
  new Set(events.events.filter((e) => e.event === kind).map((e) => e.thread));

test('warmUp loads the engine and synthesises in every worker; later requests load nothing again', async () => {
  const events = new ToneEvents();
  const pool = tonePool({ workers: 2 });
  try {
    const report = await pool.warmUp(['tone:a440']);
    assert.equal(report.workers.length, 2);
    for (const worker of report.workers) {
      assert.deepEqual(worker.voices.map((v) => [v.voice, v.error]), [['tone:a440', undefined]]);
      assert.ok(worker.voices[0].ms >= 0);
    }
    await waitFor(() => threadsOf(events, 'chunk').size === 2, 'warm-up chunks from both workers');
    assert.equal(threadsOf(events, 'created').size, 2, 'each worker created its engine');
    // Two requests at once land on both workers; neither has to create an engine now.
    const created = events.count('created');
    const results = await Promise.all([1, 2].map(() => collect(pool.stream({ text: 'Warm already.', voice: 'tone:a440' }))));
    for (const chunks of results) assert.ok(Math.abs(estimateFrequency(concat(chunks), 16000) - 440) < 1);
    assert.deepEqual(pool.stats().inFlight, [0, 0]);
    assert.equal(events.count('created'), created, 'no engine was created after the warm-up');
  } finally {
    await pool.close();
    events.close();
  }
});

test('a voice that cannot be warmed is reported and logged, the others are still warmed', async () => {
  const logged: string[] = [];
  const events = new ToneEvents();
  const pool = tonePool({ log: (level, message) => logged.push(`${level}: ${message}`) });
  try {
    const report = await pool.warmUp(['tone:nope', 'not a voice', 'tone:missing', 'tone:a880']);
    const byVoice = new Map(report.workers[0].voices.map((v) => [v.voice, v]));
    assert.equal(byVoice.get('tone:nope')?.error?.code, 'unknown-voice');
    assert.equal(byVoice.get('not a voice')?.error?.code, 'unknown-voice');
    assert.equal(byVoice.get('tone:missing')?.error?.code, 'voice-not-installed');
    assert.equal(byVoice.get('tone:a880')?.error, undefined);
    await waitFor(() => events.count('chunk', 'a880') > 0, 'the good voice was synthesised');
    assert.equal(logged.filter((line) => line.startsWith('warn: could not warm up voice')).length, 3);
  } finally {
    await pool.close();
    events.close();
  }
});

test('warmUp on a closed pool rejects with a SpeechError', async () => {
  const pool = tonePool();
  await pool.close();
  await assert.rejects(pool.warmUp(['tone:a440']), (error: unknown) => error instanceof SpeechError && error.code === 'aborted');
});

test('a worker that replaces a crashed one is warmed with the same voices', async () => {
  const events = new ToneEvents();
  const pool = tonePool();
  try {
    await pool.warmUp(['tone:a880']);
    const warmedBefore = events.count('chunk', 'a880');
    await assert.rejects(collect(pool.stream({ text: 'This one crashes the worker.', voice: 'tone:crash-exit' })), {
      name: 'SpeechError',
      code: 'worker-crashed',
    });
    await waitFor(() => pool.stats().replacedWorkers === 1, 'the replacement worker');
    await waitFor(() => events.count('chunk', 'a880') > warmedBefore, 'the replacement warming a880 up');
    const threads = new Set(events.events.filter((e) => e.voice === 'a880').map((e) => e.thread));
    assert.equal(threads.size, 2, 'a880 was synthesised in the first worker and again in its replacement');
  } finally {
    await pool.close();
    events.close();
  }
});

test('createSpeechGenerator exposes warmUp, which resolves even when a voice is unknown and logs what it did', async () => {
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const generator = await createSpeechGenerator({
    workers: 1,
    engineModules: { tone: toneEngineModule },
    textModule: testTextModule,
    log: (_level, message, fields) => logged.push({ message, fields }),
  });
  try {
    assert.ok(generator.warmUp, 'warmUp is implemented');
    await generator.warmUp(['tone:a440', 'tone:nope']);
    const summary = logged.find((entry) => entry.message === 'speech generator warmed up');
    assert.deepEqual(summary?.fields?.voices, ['tone:a440']);
    assert.deepEqual(summary?.fields?.failed, ['tone:nope']);
  } finally {
    await generator.close();
  }
});

test('warming the real neural:slt voice loads flite and the vocoder without error', async () => {
  const pool = new GeneratorPool({ workers: 1, log: () => {} });
  try {
    const report = await pool.warmUp(['neural:slt']);
    assert.equal(report.workers[0].voices[0].error, undefined);
    const chunks = await collect(pool.stream({ text: 'Warm and ready.', voice: 'neural:slt' }));
    assert.ok(concat(chunks).length > 0.5 * 22050, 'half a second of speech or more');
  } finally {
    await pool.close();
  }
});
