/**
 * What a listener heard of one utterance, from packet headers alone (no Opus decoding). @discordjs/voice sends one
 * packet per 20 ms tick while a resource plays; when the resource has no packet ready it sends the 3-byte Opus silence
 * frame instead and keeps the RTP sequence and timestamp running, so a silence frame between the first and the last
 * speech packet is 20 ms of pause inserted into the speech (an underrun). A missing sequence number is a packet that
 * never arrived. Arrival gaps show stalls of the sender's clock, which a jitter buffer hides only when they are short.
 */

/** @discordjs/voice's frame length, and the RTP timestamp step that goes with it (48 kHz). */
export const FRAME_MS = 20;
const TIMESTAMP_STEP = 960;
/** Arrival gaps above this are counted: two frame lengths, more than a typical client jitter buffer absorbs. */
export const LATE_GAP_MS = 40;

export interface HeardPacket {
  /** Milliseconds (any clock shared with the send time passed to utteranceStats). */
  readonly arrivedAt: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  /** The payload was the 3-byte Opus silence frame (0xF8 0xFF 0xFE). */
  readonly silenceFrame: boolean;
}

export interface UtteranceStats {
  /** From `sentAt` to the first speech packet's arrival; null when no speech arrived. */
  readonly firstPacketMs: number | null;
  /** Speech (non-silence) packets from the first to the last speech packet: the audio the listener got. */
  readonly speechFrames: number;
  /** Silence frames between the first and the last speech packet. */
  readonly underrunFrames: number;
  /** Separate pauses (runs of underrun frames). */
  readonly underrunRuns: number;
  /** 20 ms slots skipped by the RTP sequence/timestamp between the first and the last speech packet (lost packets). */
  readonly missingSlots: number;
  /** Arrival gaps longer than LATE_GAP_MS between consecutive packets of the utterance. */
  readonly lateGaps: number;
  readonly maxGapMs: number;
  /** From the first speech packet's arrival to the last one's, plus that last frame's own 20 ms. */
  readonly wallMs: number;
  /** More than one SSRC: the connection was re-made during the utterance (its counters restarted). */
  readonly ssrcChanges: number;
}

const NO_SPEECH: UtteranceStats = {
  firstPacketMs: null, speechFrames: 0, underrunFrames: 0, underrunRuns: 0, missingSlots: 0, lateGaps: 0, maxGapMs: 0,
  wallMs: 0, ssrcChanges: 0,
};

function forwardDelta(previous: number, next: number, modulo: number): number {
  return (((next - previous) % modulo) + modulo) % modulo;
}

/** Statistics of the utterance in `packets` (arrival order), heard in answer to a request sent at `sentAt`. */
export function utteranceStats(packets: readonly HeardPacket[], sentAt: number): UtteranceStats {
  const first = packets.findIndex((p) => !p.silenceFrame);
  if (first < 0) return NO_SPEECH;
  const last = packets.findLastIndex((p) => !p.silenceFrame);
  let speechFrames = 0;
  let underrunFrames = 0;
  let underrunRuns = 0;
  let missingSlots = 0;
  let lateGaps = 0;
  let maxGapMs = 0;
  let ssrcChanges = 0;
  for (let i = first; i <= last; i++) {
    const packet = packets[i];
    if (packet.silenceFrame) {
      underrunFrames++;
      if (!packets[i - 1].silenceFrame) underrunRuns++;
    } else speechFrames++;
    if (i === first) continue;
    const previous = packets[i - 1];
    const gap = packet.arrivedAt - previous.arrivedAt;
    maxGapMs = Math.max(maxGapMs, gap);
    if (gap > LATE_GAP_MS) lateGaps++;
    if (packet.ssrc !== previous.ssrc) {
      ssrcChanges++;
      continue;
    }
    // Both counters advance once per packet sent; either one jumping means packets went missing.
    const sequenceStep = forwardDelta(previous.sequence, packet.sequence, 2 ** 16);
    const timestampStep = Math.round(forwardDelta(previous.timestamp, packet.timestamp, 2 ** 32) / TIMESTAMP_STEP);
    missingSlots += Math.max(0, Math.max(sequenceStep, timestampStep) - 1);
  }
  return {
    firstPacketMs: packets[first].arrivedAt - sentAt, speechFrames, underrunFrames, underrunRuns, missingSlots, lateGaps,
    maxGapMs, wallMs: packets[last].arrivedAt - packets[first].arrivedAt + FRAME_MS, ssrcChanges,
  };
}

/**
 * True once the utterance has played out: speech was heard, the player's closing silence frames (at least
 * `closingFrames`) came after it, and nothing arrived for `quietMs`. An underrun keeps silence frames coming every
 * 20 ms, so a quiet line after silence frames means the player went idle. @discordjs/voice prepares 5 closing frames
 * but may go idle before sending the last one (4 arrive after a plain Opus stream), hence 3 by default.
 */
export function utteranceEnded(packets: readonly HeardPacket[], now: number, quietMs: number, closingFrames = 3): boolean {
  const lastSpeech = packets.findLastIndex((p) => !p.silenceFrame);
  if (lastSpeech < 0 || packets.length - 1 - lastSpeech < closingFrames) return false;
  return now - packets[packets.length - 1].arrivedAt >= quietMs;
}

/** The value below which `fraction` (0..1) of `values` lie, by nearest rank; NaN for none. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}
