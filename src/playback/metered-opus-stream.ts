import { Readable } from 'node:stream';

/** Hooks a MeteredOpusStream calls; each at most as often as described, never throwing into the player. */
export interface OpusStreamMeter {
  /** The player took its first packet. */
  firstFrame?(): void;
  /** The player asked for a packet after the first one and none was ready (once per gap, not per silent frame). */
  underrun?(): void;
}

/**
 * Passes Opus packets from `inner` to @discordjs/voice's AudioPlayer unchanged, watching the player's reads. The
 * player pulls one packet every 20 ms with a bare read(); a null there while the utterance is still going means the
 * listener hears a gap. Node's own internal reads pass a size (read(0)) and are not counted.
 *
 * Holds at most one packet of its own, so it adds no meaningful latency or post-abort audio. Destroying it destroys
 * `inner` (which lets the pipeline free its encoder and stop the generator).
 */
export class MeteredOpusStream extends Readable {
  readonly #source: Readable;
  readonly #inner: AsyncIterator<unknown>;
  readonly #meter: OpusStreamMeter;
  #pulling = false;
  #innerDone = false;
  #started = false;
  #inGap = false;
  #underruns = 0;

  constructor(inner: Readable, meter: OpusStreamMeter) {
    super({ objectMode: true, highWaterMark: 1 });
    this.#source = inner;
    this.#inner = inner[Symbol.asyncIterator]();
    this.#meter = meter;
    // A pipeline failure must reach the player even when no pull is pending.
    inner.on('error', (error: Error) => this.destroy(error));
  }

  /** Gaps counted so far. */
  get underruns(): number {
    return this.#underruns;
  }

  override _read(): void {
    if (this.#pulling || this.#innerDone) return;
    this.#pulling = true;
    this.#inner.next().then(
      (result) => {
        this.#pulling = false;
        if (this.destroyed) return;
        if (result.done === true) {
          this.#innerDone = true;
          this.push(null);
        } else {
          this.push(result.value);
        }
      },
      (error: unknown) => {
        this.#pulling = false;
        this.#innerDone = true;
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroying the pipeline's stream is what stops it and lets the generator go.
    this.#source.destroy();
    callback(error);
  }

  // The base signature returns any; a packet is a Buffer, null when none is buffered.
  override read(size?: number): Buffer | null {
    const packet = super.read(size) as Buffer | null;
    if (size === undefined) this.#observe(packet !== null);
    return packet;
  }

  #observe(gotPacket: boolean): void {
    if (gotPacket) {
      this.#inGap = false;
      if (!this.#started) {
        this.#started = true;
        call(this.#meter.firstFrame);
      }
      return;
    }
    if (!this.#started || this.#inGap || this.#innerDone || this.destroyed) return;
    this.#inGap = true;
    this.#underruns++;
    call(this.#meter.underrun);
  }
}

function call(hook: (() => void) | undefined): void {
  try {
    hook?.();
  } catch {
    // A metrics hook must not break the audio.
  }
}
