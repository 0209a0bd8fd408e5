/**
 * A request waiting for its first chunk counts as due this long after it arrived. So a new request goes before every
 * playing request with more audio left than that, but one about to fall silent still gets its next chunk first: with
 * 8 requests started at once on 2 workers (neural:slt), 300 ms roughly halved the gaps the first starters heard
 * (mean 230 -> 100 ms) for about 40 ms more until the median first chunk; 600 ms cost 250 ms more.
 */
export const firstChunkGraceMs = 300;

/**
 * A stream that has released less than this is as urgent as when it started playing, until it has. A start can be
 * quick (flite waits mid-sentence for a request alone on its worker) and a burst of requests, with their voice joins
 * starving the workers, can follow it within milliseconds: its 0.28 s first chunk then had to last through other
 * requests' first calls. In 3 of 12 capacity-bench runs at 32 guilds the burst's first stream (first packet 240-430 ms)
 * paused for 2-7 frames; streams held back to start with 1 s in hand (start-cushion.ts) did not.
 */
export const startReserveSeconds = 1;

/**
 * When one request needs its next model call to start (its deadline in the worker's TurnQueue): for a request still
 * waiting for its first chunk, a short grace after it arrived (its listener hears nothing meanwhile); for a playing
 * one, early enough before the audio it has released runs out that the next call ends in time. Playback is taken to
 * start with the first audio released to the main thread, and the audio counted is what was released, not what went
 * into the audio pipeline, which holds back up to a loudness step at every chunk's end.
 *
 * That lead must cover the next call, which is not known before it runs. Twice the last call covers a chunk that
 * doubles (the ramp), but not the first call of the next sentence: it runs the text front end over that whole
 * sentence (flite: tens of ms) and, on a busy worker, makes a chunk up to three times the planned length
 * (chunk-scale.ts). Traced at 8 guilds on 2 cores: a 74 ms call followed by a 269 ms one. So the lead is also at least
 * the longest call this request has made, which includes such a call once the request is past its first sentence,
 * and its first call (the front end over the first sentence) before that.
 */
export class PlayoutDeadline {
  readonly #arrived: number;
  #playingSince: number | undefined;
  #lastCallMs = 0;
  #longestCallMs = 0;

  constructor(arrived: number) {
    this.#arrived = arrived;
  }

  /** Audio has been released to the listener: playback is taken to start now (the first call only). */
  started(now: number): void {
    this.#playingSince ??= now;
  }

  get playing(): boolean {
    return this.#playingSince !== undefined;
  }

  /** A model call of this request took `wallMs`. */
  callEnded(wallMs: number): void {
    this.#lastCallMs = wallMs;
    this.#longestCallMs = Math.max(this.#longestCallMs, wallMs);
  }

  /** The time (performance.now() scale) by which the next call should start, given the audio released so far. */
  due(releasedSeconds: number): number {
    if (this.#playingSince === undefined) return this.#arrived + firstChunkGraceMs;
    if (releasedSeconds < startReserveSeconds) return this.#playingSince;
    const lead = Math.max(2 * this.#lastCallMs, this.#longestCallMs);
    return this.#playingSince + 1000 * releasedSeconds - lead;
  }
}
