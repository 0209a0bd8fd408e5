import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickWorker } from '../../../src/generator/pool/scheduler.ts';

test('scheduler: least busy first, then voice warmth, then engine warmth', () => {
  const load = (inFlight: number, voices: string[] = [], engines: string[] = []) => ({
    inFlight,
    warmVoices: new Set(voices),
    warmEngines: new Set(engines),
  });
  assert.equal(pickWorker([], 'piper:a', 'piper'), -1);
  assert.equal(pickWorker([load(2), load(0), load(1)], 'piper:a', 'piper'), 1);
  assert.equal(pickWorker([load(1), load(1, ['piper:a'], ['piper'])], 'piper:a', 'piper'), 1);
  assert.equal(pickWorker([load(1, [], ['piper']), load(1, ['neural:slt'], ['neural'])], 'piper:b', 'piper'), 0);
  // Warmth never outweighs a whole extra request.
  assert.equal(pickWorker([load(2, ['piper:a'], ['piper']), load(1)], 'piper:a', 'piper'), 1);
});

test('scheduler: requests still waiting for their first chunk weigh more than playing ones', () => {
  const load = (inFlight: number, starting: number) => ({ inFlight, starting, warmVoices: new Set<string>(), warmEngines: new Set<string>() });
  // Two newcomers ahead on worker 0; three playing requests on worker 1, whose first chunks are done.
  assert.equal(pickWorker([load(2, 2), load(3, 0)], 'neural:slt', 'neural'), 1);
  assert.equal(pickWorker([load(2, 0), load(3, 0)], 'neural:slt', 'neural'), 0, 'without starters the least busy wins');
  // Starting counts on top of in-flight, never instead: many playing requests still weigh.
  assert.equal(pickWorker([load(1, 1), load(5, 0)], 'neural:slt', 'neural'), 0);
});
