import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BotMetrics } from '../../src/health/bot-metrics.ts';
import { startHealthServer } from '../../src/health/health-server.ts';

test('/healthz is 200 when every check passes and 503 naming the failing one otherwise', async () => {
  const state = { gateway: true, workers: true };
  const server = await startHealthServer({ host: '127.0.0.1', port: 0, metrics: new BotMetrics(), checks: () => ({ ...state }) });
  try {
    const ok = await fetch(`${server.url}/healthz`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { status: 'ok', checks: { gateway: true, workers: true } });
    state.workers = false;
    const bad = await fetch(`${server.url}/healthz`);
    assert.equal(bad.status, 503);
    assert.deepEqual(await bad.json(), { status: 'unhealthy', checks: { gateway: true, workers: false } });
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  } finally {
    await server.close();
  }
});

test('/metrics exposes the bot metrics in Prometheus text format with the values recorded', async () => {
  const metrics = new BotMetrics({ collectProcessMetrics: false });
  metrics.queueDepth.set(3);
  metrics.timeToFirstAudio.observe(0.12);
  metrics.timeToFirstAudio.observe(0.4);
  metrics.clippedSamples.inc(7);
  metrics.errors.inc({ kind: 'generator' });
  const server = await startHealthServer({ host: '127.0.0.1', port: 0, metrics, checks: () => ({}) });
  try {
    const response = await fetch(`${server.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
    const body = await response.text();
    assert.match(body, /^tts_queue_depth 3$/m);
    assert.match(body, /^tts_time_to_first_audio_seconds_count 2$/m);
    assert.match(body, /^tts_time_to_first_audio_seconds_bucket\{le="0.2"\} 1$/m);
    assert.match(body, /^tts_clipped_samples_total 7$/m);
    assert.match(body, /^tts_errors_total\{kind="generator"\} 1$/m);
  } finally {
    await server.close();
  }
});
