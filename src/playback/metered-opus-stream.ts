import { Readable } from 'node:stream';
import type { OpusPacketBatch } from '../generator/encoded-speech.ts';

/** Hooks a MeteredOpusStream calls; each at most as often as described, never throwing into the player. */
export interface OpusStreamMeter {
  /** The player took its first packet. */
  firstFrame?(): void;
  /** The player asked for a packet after the first one and none was ready (once per gap, not per silent frame). */
  underrun?(): void;
}

/**
 * Hands the Opus packets of `batches` to @discordjs/voice's AudioPlayer unchanged, watching the player's reads. The
 * player pulls one packet every 20 ms with a bare read(); a null there while the utterance is still going means the
 * listener hears a gap. Node's own internal reads pass a size (read(0)) and are not counted.
 *
 * A batch is taken only when the packets before it have all been read, and its packets are queued at once, so a
 * packet costs the main thread one read rather than a promise in each of three layers (a generator, Readable.from and
 * an iterator, as it was). Destroying it ends the batches' iteration, which lets the pipeline free its encoder and
 * stop the generator.
 */
export class MeteredOpusStream extends Readable {
  readonly #batches: AsyncIterator<OpusPacketBatch>;
  readonly #meter: OpusStreamMeter;
  #pulling = false;
  #innerDone = false;
  #started = false;
  #inGap = false;
  #underruns = 0;

  constructor(batches: AsyncIterable<OpusPacketBatch>, meter: OpusStreamMeter) {
    super({ objectMode: true, highWaterMark: 1 });
    this.#batches = batches[Symbol.asyncIterator]();
    this.#meter = meter;
  }

  /** Gaps counted so far. */
  get underruns(): number {
    return this.#underruns;
  }

  override _read(): void {
    if (this.#pulling || this.#innerDone) return;
    this.#pulling = true;
    this.#batches.next().then(
      (result) => {
        this.#pulling = false;
        if (this.destroyed) return;
        if (result.done === true) {
          this.#innerDone = true;
          this.push(null);
          return;
        }
        // An empty batch asks for the next one at once; otherwise the player's reads ask when these are gone.
        if (result.value.packets.length === 0) this._read();
        for (const packet of result.value.packets) this.push(packet);
      },
      (error: unknown) => {
        this.#pulling = false;
        this.#innerDone = true;
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Ending the iteration is what stops the pipeline and lets the generator go.
    if (!this.#innerDone) {
      this.#innerDone = true;
      this.#batches.return?.().catch(() => undefined);
    }
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
