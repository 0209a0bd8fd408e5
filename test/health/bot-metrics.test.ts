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
  let coreShare = 0.4;
  metrics.observeLive({
    queueDepth: () => 0, activeStreams: () => 0, generatorWaiting: () => waiting, generatorDelayed: () => delayed, generatorCoreShare: () => coreShare,
  });
  let text = await metrics.render();
  assert.equal(value(text, 'tts_generator_waiting_requests'), 3);
  assert.equal(value(text, 'tts_generator_core_share'), 0.4);
  coreShare = 1;
  assert.equal(value(await metrics.render(), 'tts_generator_core_share'), 1, 'read afresh at every scrape');
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

test('a shard process labels every series with its shard, process metrics included', async () => {
  const metrics = new BotMetrics({ labels: { shard: '3' } });
  metrics.observeLive({ queueDepth: () => 2, activeStreams: () => 1 });
  metrics.errors.inc({ kind: 'voice' });
  const samples = (await metrics.render()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  assert.ok(samples.length > 10, 'process and bot metrics are exported');
  assert.deepEqual(samples.filter((line) => !line.includes('shard="3"')), [], 'every sample carries shard="3"');
  assert.ok(samples.includes('tts_queue_depth{shard="3"} 2'));
  assert.ok(samples.some((line) => /^tts_errors_total\{.*kind="voice".*\} 1$/.test(line)));
  assert.ok(samples.some((line) => line.startsWith('process_cpu_user_seconds_total{shard="3"}')));

  const unsharded = await new BotMetrics({ collectProcessMetrics: false }).render();
  assert.ok(!unsharded.includes('shard='), 'an unsharded bot adds no shard label');
});
