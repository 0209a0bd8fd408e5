import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { metricValue } from '../../../bench/lib/prometheus-text.ts';

const exposition = [
  '# HELP tts_underruns_total Times playback wanted a frame and the generator had none ready',
  '# TYPE tts_underruns_total counter',
  'tts_underruns_total 3',
  'nodejs_eventloop_lag_p99_seconds 0.010272767',
  'nodejs_eventloop_lag_p99_seconds_extra 9',
  'tts_errors_total{kind="generator"} 2',
  'tts_errors_total{kind="voice",shard="0"} 5',
  'nodejs_heap_size_total_bytes 1.5e7',
].join('\n');

describe('metricValue', () => {
  it('finds a sample by exact name (not a longer name sharing the prefix)', () => {
    assert.equal(metricValue(exposition, 'tts_underruns_total'), 3);
    assert.equal(metricValue(exposition, 'nodejs_eventloop_lag_p99_seconds'), 0.010272767);
    assert.equal(metricValue(exposition, 'nodejs_heap_size_total_bytes'), 1.5e7);
  });

  it('matches labels exactly, in any order', () => {
    assert.equal(metricValue(exposition, 'tts_errors_total', { kind: 'generator' }), 2);
    assert.equal(metricValue(exposition, 'tts_errors_total', { shard: '0', kind: 'voice' }), 5);
    assert.equal(metricValue(exposition, 'tts_errors_total'), undefined, 'the unlabelled series does not exist');
  });

  it('undefined for a metric the bot does not export', () => {
    assert.equal(metricValue(exposition, 'tts_shed_requests_total'), undefined);
  });
});
