// Pure analysis of what the fake's receiver heard: utterances, durations, levels, arrival gaps.
import type { ReceivedAudio, ReceivedPacket } from '../../fake-discord/index.ts';
import { waitUntil } from '../../fake-discord/wait.ts';

export const FRAME_MS = 20;

/** One utterance as heard: the packets @discordjs/voice sent for one AudioResource. */
export interface HeardUtterance {
  /** Index into audio.packets of its first packet, and one past its last Opus (non-silence-frame) packet. */
  readonly first: number;
  readonly end: number;
  /** Opus packets from the pipeline, its silent padding included. */
  readonly frames: number;
  /** What the pipeline delivered: frames x 20 ms. */
  readonly durationMs: number;
  /**
   * 3-byte silence frames inside the utterance: @discordjs/voice sends one for every 20 ms tick on which the
   * resource had no packet ready, i.e. an underrun, heard as a pause.
   */
  readonly underrunFrames: number;
  /** Decoded mono samples of its Opus packets only (underrun silence left out). */
  readonly mono: Float32Array;
  /** True when it played to its end (padding + silence frames seen), false while it may still be going or was cut. */
  readonly ended: boolean;
}

/** @discordjs/voice's silencePaddingFrames: this many 3-byte frames follow every resource that plays to its end. */
const END_SILENCE_FRAMES = 5;
/**
 * The pipeline's own padding (paddingFrames = 10) is digital silence. Since trailing silence is trimmed, speech ends
 * right before it and Opus's band energies decay through the padding: its first frames decode to a few LSB, its last
 * ones to one LSB or exact zeros. Speech pauses never get that quiet (vocoder silence peaks near 1e-3).
 */
const END_ZERO_FRAMES = 3;
/** Peak (0..1) below which a decoded padding frame counts as silent: three 16-bit LSBs. */
const END_PEAK = 1e-4;

/**
 * Splits the heard packets into utterances. A message that plays out ends with the pipeline's all-zero padding frames
 * followed by @discordjs/voice's run of silence frames; a run of silence frames elsewhere is an underrun inside the
 * utterance. A /stop (forced stop) sends no silence frames, so clear the receiver after one.
 */
export function splitUtterances(audio: ReceivedAudio): HeardUtterance[] {
  const { packets } = audio;
  const all = audio.mono();
  const offsets: number[] = [];
  let offset = 0;
  for (const packet of packets) {
    offsets.push(offset);
    offset += packet.samples;
  }
  const isEnd = (runStart: number, runLength: number): boolean => {
    if (runLength < END_SILENCE_FRAMES || runStart < END_ZERO_FRAMES) return false;
    for (let i = runStart - END_ZERO_FRAMES; i < runStart; i++) if (packets[i].silenceFrame || packets[i].peak > END_PEAK) return false;
    return true;
  };
  const utterances: HeardUtterance[] = [];
  let first = -1;
  let lastOpus = -1;
  let underrunFrames = 0;
  const opusIndices: number[] = [];
  const close = (ended: boolean): void => {
    if (first < 0) return;
    const mono = new Float32Array(opusIndices.reduce((n, i) => n + packets[i].samples, 0));
    let at = 0;
    for (const i of opusIndices) {
      mono.set(all.subarray(offsets[i], offsets[i] + packets[i].samples), at);
      at += packets[i].samples;
    }
    utterances.push({ first, end: lastOpus + 1, frames: opusIndices.length, durationMs: opusIndices.length * FRAME_MS, underrunFrames, mono, ended });
    first = -1;
    underrunFrames = 0;
    opusIndices.length = 0;
  };
  for (let i = 0; i < packets.length; ) {
    if (!packets[i].silenceFrame) {
      if (first < 0) first = i;
      lastOpus = i;
      opusIndices.push(i);
      i++;
      continue;
    }
    let run = 0;
    while (i + run < packets.length && packets[i + run].silenceFrame) run++;
    if (isEnd(i, run)) close(true);
    else if (i + run === packets.length) close(false);
    else if (first >= 0) underrunFrames += run;
    i += run;
  }
  close(false);
  return utterances;
}

export function rmsOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

export function dbfs(level: number): number {
  return 20 * Math.log10(Math.max(level, 1e-12));
}

/** Milliseconds between the first and last sample louder than `threshold` (the sound, without leading/trailing quiet). */
export function soundSpanMs(samples: Float32Array, threshold = 0.01, sampleRate = 48_000): number {
  let first = -1;
  let last = -1;
  for (let i = 0; i < samples.length; i++) {
    if (Math.abs(samples[i]) > threshold) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? 0 : ((last - first + 1) / sampleRate) * 1000;
}

/** The largest time between consecutive speech packets' arrivals (an underrun or a stall shows up here). */
export function largestArrivalGapMs(packets: readonly ReceivedPacket[]): { gapMs: number; index: number } {
  let gapMs = 0;
  let index = -1;
  for (let i = 1; i < packets.length; i++) {
    const gap = packets[i].arrivedAt - packets[i - 1].arrivedAt;
    if (gap > gapMs) {
      gapMs = gap;
      index = i;
    }
  }
  return { gapMs, index };
}

/**
 * Best normalised cross-correlation of `a` against `b` over lags up to `maxLagSamples`, computed on an energy
 * envelope (10 ms blocks) so it is cheap and insensitive to Opus's phase details: near 1 when both are the same
 * speech, far lower for different sentences.
 */
export function envelopeSimilarity(a: Float32Array, b: Float32Array, maxLagBlocks = 10): number {
  const envA = envelope(a);
  const envB = envelope(b);
  let best = -1;
  for (let lag = -maxLagBlocks; lag <= maxLagBlocks; lag++) {
    let dot = 0;
    let na = 0;
    let nb = 0;
    const n = Math.max(envA.length, envB.length);
    for (let i = 0; i < n; i++) {
      const x = envA[i] ?? 0;
      const y = envB[i + lag] ?? 0;
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    if (na > 0 && nb > 0) best = Math.max(best, dot / Math.sqrt(na * nb));
  }
  return best;
}

function envelope(samples: Float32Array, block = 480): Float64Array {
  const out = new Float64Array(Math.floor(samples.length / block));
  for (let b = 0; b < out.length; b++) {
    let sum = 0;
    for (let i = b * block; i < (b + 1) * block; i++) sum += samples[i] * samples[i];
    // Mean removed below via the log: quiet parts should not dominate, loud parts should not swamp.
    out[b] = Math.log10(1e-6 + sum / block) + 6;
  }
  return out;
}

/**
 * Waits until `count` utterances have played to their end. Underruns can leave long stretches of silence frames
 * inside an utterance, so "quiet for a while" is not the end; the padding-then-silence signature is.
 */
export async function waitForUtterances(audioNow: () => ReceivedAudio, count: number, timeoutMs = 60_000): Promise<{ audio: ReceivedAudio; utterances: HeardUtterance[] }> {
  return waitUntil(() => {
    const audio = audioNow();
    const utterances = splitUtterances(audio);
    return utterances.length >= count && utterances.slice(0, count).every((u) => u.ended) ? { audio, utterances } : undefined;
  }, `${count} utterance(s) played to their end`, { timeoutMs, intervalMs: 50 });
}
