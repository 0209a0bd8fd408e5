/**
 * Adds the AI-speech watermark to 48 kHz mono audio, in place, one block at a time (streaming: every bit of state -
 * carrier position, level follower, last sample - carries over from one call to the next, so chunk joins are
 * seamless and nothing is held back: no added latency).
 *
 * Why this design: additive spread spectrum (two pseudo-noise carriers, see watermark-carrier.ts) is cheap enough to
 * run for every stream (one multiply-add per sample from a precomputed table, plus a level follower), needs no
 * look-ahead, and is decoded by correlation, which survives what Discord does to audio: Opus keeps the 1-5 kHz band's
 * waveform well enough at 32 kb/s and up; a gain change scales mark and speech alike; resampling keeps the timing;
 * and because the carrier is periodic (2.73 s), any piece of at least that length holds every payload block.
 * Masking: the mark follows the speech's own (pre-emphasised) level, measured every 32 samples (applied one step
 * later, 0.7 ms, so no audio is held back) and smoothed over about 10 ms, at `relativeLevelDb` below it, so it is
 * quietest where the speech is quiet and absent in digital silence.
 */
import { blockLength, blocksPerPeriod, carrierPeriod, embeddedCarriers, preEmphasis } from './watermark-carrier.ts';
import { codewordFor } from './watermark-payload.ts';

/** Mark level against the speech's pre-emphasised level (dB). */
const defaultRelativeLevelDb = -26;
/** Share of the mark's power in the sync carrier; the rest carries the payload. */
const syncShare = 0.5;
const stepSamples = 32;
/** Level follower time constant (s). */
const followSeconds = 0.01;
/** Below this pre-emphasised level (RMS) the host counts as silence and gets no mark: digital silence stays silent. */
const silenceLevel = 1e-4;
/** Sign changes of the data carrier are ramped over this many samples, so no block edge clicks. */
const rampSamples = 96;

const markTables = new Map<number, Float32Array>();

/**
 * One period of the whole mark at unit level for a payload: sync plus payload-signed data. Shared by all streams of
 * the thread; the carriers it is made from are not kept, so a worker holds 512 kB for the mark.
 */
function markTable(payload: number): Float32Array {
  let table = markTables.get(payload);
  if (table !== undefined) return table;
  const { sync, data } = embeddedCarriers();
  const word = codewordFor(payload);
  const syncWeight = Math.sqrt(syncShare);
  const dataWeight = Math.sqrt(1 - syncShare);
  table = new Float32Array(carrierPeriod);
  for (let block = 0; block < blocksPerPeriod; block++) {
    for (let within = 0, n = block * blockLength; within < blockLength; within++, n++) {
      table[n] = syncWeight * sync[n] + dataWeight * rampedSign(word, block, within) * data[n];
    }
  }
  markTables.set(payload, table);
  return table;
}

/** The codeword's sign at `within` samples into `block`, moving linearly across a boundary where the sign changes. */
function rampedSign(word: Int8Array, block: number, within: number): number {
  const half = rampSamples / 2;
  const current = word[block];
  if (within < half) {
    // The period wraps, so block 0 follows the last one.
    const previous = word[(block + blocksPerPeriod - 1) % blocksPerPeriod];
    return previous + (current - previous) * (within + 0.5 + half) / rampSamples;
  }
  const toEnd = blockLength - within;
  if (toEnd <= half) {
    const next = word[(block + 1) % blocksPerPeriod];
    return current + (next - current) * (half - toEnd + 0.5) / rampSamples;
  }
  return current;
}

export class WatermarkEmbedder {
  readonly #table: Float32Array;
  readonly #relative: number;
  readonly #smoothing: number;
  #position = 0;
  #previousSample = 0;
  #power = 0;
  #gainFrom = 0;
  #gainTo = 0;
  /** Samples of the current 32-sample step already done (a call may end mid-step). */
  #stepFill = 0;
  #stepEnergy = 0;

  constructor(payload: number, relativeLevelDb = defaultRelativeLevelDb) {
    this.#table = markTable(payload);
    this.#relative = 10 ** (relativeLevelDb / 20);
    this.#smoothing = 1 - Math.exp(-stepSamples / (followSeconds * 48_000));
  }

  /** Marks `samples` (48 kHz mono, the output of the limiter and resampler) in place. */
  process(samples: Float32Array): void {
    let i = 0;
    while (i < samples.length) {
      const count = Math.min(stepSamples - this.#stepFill, samples.length - i);
      // The gain moves linearly across each 32-sample step, from the level measured over the step before last to the
      // one measured over the last step: it never jumps, and it depends only on the position in the step, so any
      // chunking of the stream gives the same samples.
      const from = this.#gainFrom;
      const slope = (this.#gainTo - from) / stepSamples;
      let energy = this.#stepEnergy;
      let last = this.#previousSample;
      let position = this.#position;
      for (let k = 0; k < count; k++) {
        const x = samples[i + k];
        const p = x - preEmphasis * last;
        energy += p * p;
        last = x;
        const gain = from + slope * (this.#stepFill + k + 1);
        if (gain !== 0) samples[i + k] = x + gain * this.#table[position];
        position = position + 1 === carrierPeriod ? 0 : position + 1;
      }
      this.#previousSample = last;
      this.#position = position;
      this.#stepFill += count;
      this.#stepEnergy = energy;
      if (this.#stepFill === stepSamples) {
        this.#power += this.#smoothing * (energy / stepSamples - this.#power);
        const level = Math.sqrt(this.#power);
        this.#gainFrom = this.#gainTo;
        this.#gainTo = level < silenceLevel ? 0 : this.#relative * level;
        this.#stepFill = 0;
        this.#stepEnergy = 0;
      }
      i += count;
    }
  }
}
