import type { BotMetrics } from '../health/bot-metrics.ts';
import { realTimeFactor } from '../playback/generation-timer.ts';
import type { PlaybackObserver } from '../playback/playback-observer.ts';
import { errorKind } from './error-kind.ts';

/** Feeds every guild queue's events into the Prometheus metrics. */
export function metricsObserver(metrics: BotMetrics): PlaybackObserver {
  return {
    queued: (item) => metrics.utterances.inc({ source: item.source ?? 'other' }),
    firstAudio: (_item, latencyMs) => {
      if (latencyMs !== null) metrics.timeToFirstAudio.observe(latencyMs / 1000);
    },
    firstSpeech: (_item, latencyMs) => metrics.timeToFirstSpeech.observe(latencyMs / 1000),
    generated: (_item, measure) => {
      const factor = realTimeFactor(measure);
      if (factor !== null) metrics.generatorRealTimeFactor.observe(factor);
    },
    underrun: () => metrics.underruns.inc(),
    clipped: (_item, samples) => metrics.clippedSamples.inc(samples),
    failed: (_item, error) => {
      const kind = errorKind(error, 'playback');
      if (kind !== null) metrics.errors.inc({ kind });
    },
  };
}
