import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Live totals read at scrape time, so the gauges can never drift from the queues they describe. */
export interface LiveMetricSources {
  queueDepth(): number;
  activeStreams(): number;
  /** Speech requests waiting for generator capacity, and how many have had to wait since start (optional). */
  generatorWaiting?(): number;
  generatorDelayed?(): number;
  /** The smallest share of a core a generator worker gets now (optional; see CoreShare). */
  generatorCoreShare?(): number;
}

/**
 * Period of the exported event-loop delay histogram (prom-client's nodejs_eventloop_lag_*), in ms. Node records each
 * period's whole length, so an idle loop reads about this much and a reading minus it is the delay. At prom-client's
 * default 10 ms the exported p99 could not show the main thread keeping its 20 ms audio clock with room to spare.
 * Sampling costs a timer wake-up each period (measured on an idle process: 0.8 % of a core at 10 ms, 1.4 % at 5 ms,
 * 3.7 % at 1 ms).
 */
export const EVENT_LOOP_SAMPLING_MS = 5;

/**
 * Every number the bot exports. One registry per process (sharded deployments scrape each shard process), so tests can make
 * their own without touching a global. Labels are low-cardinality on purpose: no guild ids, which would grow without
 * bound on a large bot.
 */
export class BotMetrics {
  readonly registry: Registry;
  readonly queueDepth: Gauge;
  readonly activeStreams: Gauge;
  readonly generatorWaiting: Gauge;
  readonly generatorDelayed: Counter;
  readonly generatorCoreShare: Gauge;
  readonly timeToFirstAudio: Histogram;
  readonly timeToFirstSpeech: Histogram;
  readonly generatorRealTimeFactor: Histogram;
  readonly underruns: Counter;
  readonly clippedSamples: Counter;
  readonly errors: Counter<'kind'>;
  readonly utterances: Counter<'source'>;
  #live: LiveMetricSources | undefined;

  /**
   * `labels` go on every series this registry exports: a sharded process passes `{ shard: '3' }`, so one Prometheus
   * scraping every host and shard process tells the shards apart (the scrape's own `instance` label names the host).
   */
  constructor(options: { collectProcessMetrics?: boolean; labels?: Readonly<Record<string, string>> } = {}) {
    this.registry = new Registry();
    if (options.labels) this.registry.setDefaultLabels({ ...options.labels });
    if (options.collectProcessMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLING_MS });
    }
    const registers = [this.registry];
    const live = (): LiveMetricSources | undefined => this.#live;
    let delayedSeen = 0;
    /** A gauge read from the live sources at each scrape; left as it was when they say nothing. */
    const liveGauge = (name: string, help: string, read: (sources: LiveMetricSources) => number | undefined): Gauge =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const sources = live();
          const value = sources === undefined ? undefined : read(sources);
          if (value !== undefined) this.set(value);
        },
      });
    this.queueDepth = liveGauge('tts_queue_depth', 'Messages waiting to be spoken, summed over all guilds', (sources) => sources.queueDepth());
    this.activeStreams = liveGauge('tts_active_streams', 'Utterances being generated or played right now', (sources) => sources.activeStreams());
    this.generatorWaiting = liveGauge(
      'tts_generator_waiting_requests',
      'Speech requests waiting for a generator worker with room (the machine is fully booked)',
      (sources) => sources.generatorWaiting?.(),
    );
    this.generatorDelayed = new Counter({
      name: 'tts_generator_delayed_requests_total',
      help: 'Speech requests that had to wait for generator capacity before they could start',
      registers,
      collect() {
        const total = live()?.generatorDelayed?.();
        // A counter only goes up: add what happened since the last scrape.
        if (total !== undefined) this.inc(Math.max(0, total - delayedSeen));
        if (total !== undefined) delayedSeen = Math.max(delayedSeen, total);
      },
    });
    this.generatorCoreShare = liveGauge(
      'tts_generator_core_share',
      'Smallest share of a CPU core a busy generator worker got over the last second (1 = the cores are its own; lower: other threads or programs take them, and fewer new messages start)',
      (sources) => sources.generatorCoreShare?.(),
    );
    this.timeToFirstAudio = new Histogram({
      name: 'tts_time_to_first_audio_seconds',
      help: 'From the command or message to the first Opus frame handed to the voice connection',
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5],
      registers,
    });
    this.timeToFirstSpeech = new Histogram({
      name: 'tts_time_to_first_speech_seconds',
      help: 'From the command or message to the first word heard: first audio plus the audio before the speech in it',
      buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5],
      registers,
    });
    this.generatorRealTimeFactor = new Histogram({
      name: 'tts_generator_real_time_factor',
      help: 'Synthesis time divided by audio duration per utterance (lower is faster)',
      buckets: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
      registers,
    });
    this.underruns = new Counter({
      name: 'tts_underruns_total',
      help: 'Times playback wanted a frame and the generator had none ready',
      registers,
    });
    this.clippedSamples = new Counter({
      name: 'tts_clipped_samples_total',
      help: 'Samples clipped to [-1, 1] after normalisation and limiting',
      registers,
    });
    this.errors = new Counter({
      name: 'tts_errors_total',
      help: 'Errors by kind (generator, voice, command, storage, ...)',
      labelNames: ['kind'],
      registers,
    });
    this.utterances = new Counter({
      name: 'tts_utterances_total',
      help: 'Utterances queued, by source (say, autoread)',
      labelNames: ['source'],
      registers,
    });
  }

  /** From now on the queue-depth and active-stream gauges report these totals at every scrape. */
  observeLive(sources: LiveMetricSources): void {
    this.#live = sources;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
