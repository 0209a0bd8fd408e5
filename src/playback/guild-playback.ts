import type { OpusPacketBatch } from '../generator/encoded-speech.ts';
import type { SpeechRequest } from '../generator/speech-request.ts';
import type { Clock } from './clock.ts';
import { timeGeneration, type GenerationMeasure } from './generation-timer.ts';
import { notify, type PlaybackObserver } from './playback-observer.ts';
import type { OutputEvents, PlaybackOutput, SpeechAudioSource, SpeechSummary } from './playback-output.ts';
import { SlidingWindowRateLimiter } from './rate-limiter.ts';
import { readAhead } from './read-ahead.ts';
import { speedForBacklog, type SpeedUpRule } from './speed-up.ts';
import type { SpeechItem } from './speech-item.ts';

export interface PlaybackLimits {
  /** Messages waiting plus the one playing. */
  readonly maxDepth: number;
  /** Messages one user may queue per window; 0 = no limit. */
  readonly userRateLimit: number;
  readonly userRateWindowMs: number;
  readonly speedUp: SpeedUpRule;
  /** Audio generated ahead of playback, per message, in seconds. */
  readonly readAheadSeconds: number;
}

export type EnqueueResult =
  | { readonly accepted: true; readonly position: number }
  | { readonly accepted: false; readonly reason: 'queue-full' | 'rate-limited' | 'closed'; readonly message: string };

export type PlaybackLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface GuildPlaybackOptions<T = OpusPacketBatch> {
  readonly guildId: string;
  readonly speech: SpeechAudioSource<T>;
  readonly output: PlaybackOutput<T>;
  readonly limits: PlaybackLimits;
  readonly clock: Clock;
  readonly log: PlaybackLog;
  /** Metrics hooks; none by default. */
  readonly observer?: PlaybackObserver;
}

interface OpenedSpeech<T> {
  readonly item: SpeechItem;
  readonly controller: AbortController;
  readonly chunks: AsyncIterable<T>;
  readonly speed: number;
  /** What the source knew at the end of the utterance (clipped samples, where the speech began). */
  readonly summary: () => SpeechSummary | undefined;
}

/**
 * One guild's speech queue and its playback loop. Messages play in order; the next one's generation starts as soon
 * as the current one is audible, so it is ready when the current one ends. Failures of one message are logged and
 * skipped; nothing thrown here escapes into other guilds.
 */
export class GuildPlayback<T = OpusPacketBatch> {
  readonly guildId: string;
  readonly #speech: SpeechAudioSource<T>;
  readonly #output: PlaybackOutput<T>;
  readonly #limits: PlaybackLimits;
  readonly #log: PlaybackLog;
  readonly #clock: Clock;
  readonly #observer: PlaybackObserver | undefined;
  readonly #rateLimiter: SlidingWindowRateLimiter | undefined;
  #waiting: SpeechItem[] = [];
  #prefetched: OpenedSpeech<T> | undefined;
  #current: OpenedSpeech<T> | undefined;
  #currentAudible = false;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(options: GuildPlaybackOptions<T>) {
    this.guildId = options.guildId;
    this.#speech = options.speech;
    this.#output = options.output;
    this.#limits = options.limits;
    this.#log = options.log;
    this.#clock = options.clock;
    this.#observer = options.observer;
    this.#rateLimiter =
      options.limits.userRateLimit > 0
        ? new SlidingWindowRateLimiter(options.limits.userRateLimit, options.limits.userRateWindowMs, options.clock)
        : undefined;
  }

  /** Where this guild's speech plays; owned by this playback, stopped when it closes. */
  get output(): PlaybackOutput<T> {
    return this.#output;
  }

  /** Messages waiting, prefetched and playing. */
  get depth(): number {
    return this.#waiting.length + (this.#prefetched ? 1 : 0) + (this.#current ? 1 : 0);
  }

  /** Utterances being generated or played: the current one and the prefetched next one. */
  get activeStreams(): number {
    return (this.#prefetched ? 1 : 0) + (this.#current ? 1 : 0);
  }

  get isPlaying(): boolean {
    return this.#current !== undefined;
  }

  enqueue(item: SpeechItem): EnqueueResult {
    if (this.#closed) return { accepted: false, reason: 'closed', message: 'I am shutting down and not taking new messages.' };
    if (this.depth >= this.#limits.maxDepth) {
      return {
        accepted: false,
        reason: 'queue-full',
        message: `The speech queue is full (${this.#limits.maxDepth} messages). Wait for it to catch up, or use /skip or /stop.`,
      };
    }
    const rate = this.#rateLimiter?.tryAcquire(item.userId) ?? { allowed: true };
    if (!rate.allowed) {
      const seconds = Math.max(1, Math.ceil(rate.retryAfterMs / 1000));
      return {
        accepted: false,
        reason: 'rate-limited',
        message: `You are sending messages faster than I can read them. Try again in ${seconds} s.`,
      };
    }
    this.#waiting.push(item);
    notify(this.#observer, 'queued', item);
    const position = this.depth;
    if (this.#currentAudible) this.#prefetchNext();
    this.#running ??= this.#run().finally(() => (this.#running = undefined));
    return { accepted: true, position };
  }

  /** Ends the current message only; the next one (already generating) follows. Returns false when nothing played. */
  skip(): boolean {
    const current = this.#current;
    if (!current) return false;
    current.controller.abort();
    this.#output.stop();
    return true;
  }

  /** Silences the guild at once: cuts playback, aborts every generation in flight, empties the queue. */
  stop(): number {
    const dropped = this.#waiting.length + (this.#prefetched ? 1 : 0) + (this.#current ? 1 : 0);
    this.#waiting = [];
    this.#prefetched?.controller.abort();
    this.#prefetched = undefined;
    this.#current?.controller.abort();
    this.#output.stop();
    return dropped;
  }

  /** Stops everything and refuses new messages (shutdown, or the bot left the guild). */
  close(): void {
    this.#closed = true;
    this.stop();
  }

  /** Resolves when the queue has drained (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    for (;;) {
      const next = this.#prefetched ?? this.#openNextWaiting();
      this.#prefetched = undefined;
      if (!next) return;
      this.#current = next;
      this.#currentAudible = false;
      try {
        if (!(await this.#connected(next))) continue;
        let firstAudioMs: number | null = null;
        const events = this.#outputEvents(next.item, (latencyMs) => (firstAudioMs = latencyMs));
        await this.#output.play(this.#onFirstChunk(next), next.controller.signal, events);
        if (!next.controller.signal.aborted) this.#reportMade(next, firstAudioMs);
      } catch (error) {
        if (!next.controller.signal.aborted) {
          notify(this.#observer, 'failed', next.item, error);
          this.#log('warn', 'speech failed, skipping to the next message', {
            guildId: this.guildId,
            voice: next.item.request.voice,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      } finally {
        // Frees the generator if playback ended early (output failure) or it was skipped.
        next.controller.abort();
        this.#current = undefined;
        this.#currentAudible = false;
      }
    }
  }

  /**
   * Waits for the item's voice connection; false when it failed or the item was cancelled meanwhile (/skip or /stop
   * end the wait at once, so the queue does not sit on a join that may take seconds to time out).
   */
  async #connected(speech: OpenedSpeech<T>): Promise<boolean> {
    const ready = speech.item.ready;
    if (ready === undefined) return true;
    const signal = speech.controller.signal;
    let onAbort = (): void => undefined;
    const cancelled = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([ready, cancelled]);
    } catch (error) {
      this.#log('debug', 'not played: the voice connection failed', { guildId: this.guildId, error: error instanceof Error ? error.message : String(error) });
      return false;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    return !signal.aborted;
  }

  #openNextWaiting(): OpenedSpeech<T> | undefined {
    const item = this.#waiting.shift();
    if (!item) return undefined;
    const speed = speedForBacklog(item.request.speed ?? 1, this.#waiting.length, this.#limits.speedUp);
    const controller = new AbortController();
    const request: SpeechRequest = { ...item.request, speed };
    let source: AsyncIterable<T>;
    let summary = (): SpeechSummary | undefined => undefined;
    const seconds = (made: T): number => this.#speech.seconds(made);
    try {
      const made = this.#speech.open(request, controller.signal);
      summary = () => made.summary;
      // Timed per item, then reported with the speech's own length when the source knows it (encoded speech ends
      // in silent padding frames, which cost the generator nothing).
      const report = (measure: GenerationMeasure): void =>
        notify(this.#observer, 'generated', item, { ...measure, audioSeconds: made.summary?.speechSeconds ?? measure.audioSeconds });
      source = this.#observer?.generated ? timeGeneration(made, seconds, () => this.#clock.now(), report) : made;
    } catch (error) {
      source = failingSource<T>(error);
    }
    this.#log('debug', 'speech generation started', { guildId: this.guildId, voice: request.voice, speed, waiting: this.#waiting.length });
    return { item, controller, speed, summary, chunks: readAhead(source, seconds, this.#limits.readAheadSeconds, controller.signal) };
  }

  #outputEvents(item: SpeechItem, onFirstAudio: (latencyMs: number | null) => void): OutputEvents | undefined {
    const observer = this.#observer;
    if (!observer) return undefined;
    return {
      firstFrame: () => {
        const latencyMs = item.receivedAt === undefined ? null : Math.max(0, this.#clock.now() - item.receivedAt);
        onFirstAudio(latencyMs);
        notify(observer, 'firstAudio', item, latencyMs);
      },
      underrun: () => notify(observer, 'underrun', item),
    };
  }

  /** Reports what is known once an utterance played to its end: clipping, and when its first word was heard. */
  #reportMade(speech: OpenedSpeech<T>, firstAudioMs: number | null): void {
    const summary = speech.summary();
    if (summary === undefined) return;
    if (summary.clippedSamples > 0) notify(this.#observer, 'clipped', speech.item, summary.clippedSamples);
    const speechStart = summary.speechStartSeconds;
    if (firstAudioMs !== null && typeof speechStart === 'number') notify(this.#observer, 'firstSpeech', speech.item, firstAudioMs + speechStart * 1000);
  }

  #prefetchNext(): void {
    if (this.#prefetched || this.#closed) return;
    this.#prefetched = this.#openNextWaiting();
  }

  /** Passes chunks through and starts the next message's generation once this one is audible. */
  async *#onFirstChunk(speech: OpenedSpeech<T>): AsyncIterable<T> {
    let first = true;
    for await (const chunk of speech.chunks) {
      if (first && this.#current === speech) {
        first = false;
        this.#currentAudible = true;
        this.#prefetchNext();
      }
      yield chunk;
    }
  }
}

function failingSource<T>(error: unknown): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
  };
}
