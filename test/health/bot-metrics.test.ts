import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BotMetrics } from '../../src/health/bot-metrics.ts';

function value(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} is exported`);
  return Number(line.split(' ')[1]);
}

test('generator capacity: waiting requests as a gauge, delayed requests as a counter that only grows', async () => {
  const metrics = new BotMetrics({ collectProcessMetrics: false });
  let waiting = 3;
  let delayed = 5;
  metrics.observeLive({ queueDepth: () => 0, activeStreams: () => 0, generatorWaiting: () => waiting, generatorDelayed: () => delayed });
  let text = await metrics.render();
  assert.equal(value(text, 'tts_generator_waiting_requests'), 3);
  assert.equal(value(text, 'tts_generator_delayed_requests_total'), 5);
  waiting = 0;
  delayed = 7;
  text = await metrics.render();
  assert.equal(value(text, 'tts_generator_waiting_requests'), 0);
  assert.equal(value(text, 'tts_generator_delayed_requests_total'), 7);
  // A second scrape with nothing new adds nothing.
  text = await metrics.render();
  assert.equal(value(text, 'tts_generator_delayed_requests_total'), 7);
});
