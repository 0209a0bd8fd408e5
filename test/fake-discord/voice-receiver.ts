// Decrypts, checks and decodes the bot's RTP audio per SSRC so tests can assert what was heard and when.
import opus from '@discordjs/opus';
import { decryptRtpSize, SILENCE_FRAME, wrappingDelta } from './rtp.ts';
import type { EncryptionMode } from './rtp.ts';
import type { DaveCall } from './dave/dave-call.ts';
import { preciseNow, waitUntil } from './wait.ts';
import type { WaitOptions } from './wait.ts';

export const SAMPLE_RATE = 48000;
export const CHANNELS = 2;
/** 20 ms of 48 kHz audio: what @discordjs/voice advances the RTP timestamp by per packet. */
export const SAMPLES_PER_FRAME = 960;
/** A packet whose decoded peak stays below this (about -60 dBFS) counts as silent. */
export const SILENCE_PEAK = 0.001;

export interface ReceivedPacket {
  ssrc: number;
  sequence: number;
  timestamp: number;
  /** Epoch milliseconds (sub-ms precision) the datagram arrived; comparable with other processes' clocks. */
  arrivedAt: number;
  opusBytes: number;
  /** The 3-byte Opus silence frame @discordjs/voice sends after playback stops. */
  silenceFrame: boolean;
  /** Decoded peak level, 0..1. */
  peak: number;
  /** Decoded samples per channel (960 for 20 ms). */
  samples: number;
  /** The MLS epoch of the listener that decrypted the DAVE layer; undefined without DAVE (or for silence frames). */
  daveEpoch?: bigint;
}

export interface Discontinuity {
  ssrc: number;
  /** Index into `packets` of the packet that broke continuity. */
  index: number;
  previousSequence: number;
  sequence: number;
  previousTimestamp: number;
  timestamp: number;
}

export interface ReceivedAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved stereo s16 PCM of every packet in arrival order. */
  pcm: Int16Array;
  /** Mono float (-1..1) mix of `pcm`, for signal analysis. */
  mono(): Float32Array;
  durationMs: number;
  /** Milliseconds of packets whose decoded peak is above SILENCE_PEAK. */
  audibleMs: number;
  packets: ReceivedPacket[];
  ssrcs: number[];
  /** Places where the sequence number did not advance by exactly 1 within one SSRC. */
  sequenceGaps: Discontinuity[];
  /** Places where consecutive sequence numbers did not advance the timestamp by exactly 960. */
  timestampJumps: Discontinuity[];
  decryptFailures: number;
  decodeFailures: number;
  /** Frames that did not reach the decoder because of DAVE: sent without the E2EE layer while someone listened, or no listener could decrypt them. */
  daveDropped: number;
}

export interface VoiceSessionKey {
  guildId: string;
  userId: string;
  ssrc: number;
  mode: EncryptionMode;
  secretKey: Uint8Array;
  /** Set when the session negotiated DAVE: the frame is end-to-end decrypted by its listeners before decoding. */
  dave?: DaveCall;
}

interface SsrcStream {
  ssrc: number;
  guildId: string;
  userId: string;
  decoder: opus.OpusEncoder;
  packets: ReceivedPacket[];
  pcm: Int16Array[];
}

interface GuildCounters {
  decryptFailures: number;
  decodeFailures: number;
  foreignSsrcPackets: number;
  daveDropped: number;
}

function peakOf(pcm: Int16Array): number {
  let peak = 0;
  for (const sample of pcm) peak = Math.max(peak, Math.abs(sample));
  return peak / 32768;
}

export class VoiceReceiver {
  /** Streams in the order their first packet arrived. */
  private readonly streams: SsrcStream[] = [];
  private readonly counters = new Map<string, GuildCounters>();

  private countersFor(guildId: string): GuildCounters {
    let counters = this.counters.get(guildId);
    if (!counters) this.counters.set(guildId, (counters = { decryptFailures: 0, decodeFailures: 0, foreignSsrcPackets: 0, daveDropped: 0 }));
    return counters;
  }

  /** Handles one encrypted RTP datagram that arrived on a voice session's UDP socket. */
  receive(session: VoiceSessionKey, packet: Buffer, arrivedAt = preciseNow()): void {
    const counters = this.countersFor(session.guildId);
    let decrypted: ReturnType<typeof decryptRtpSize>;
    try {
      decrypted = decryptRtpSize(packet, session.mode, session.secretKey);
    } catch {
      counters.decryptFailures += 1;
      return;
    }
    const { header } = decrypted;
    let { payload } = decrypted;
    if (header.ssrc !== session.ssrc) {
      counters.foreignSsrcPackets += 1;
      return;
    }
    let daveEpoch: bigint | undefined;
    if (session.dave) {
      const frame = session.dave.receiveFrame(payload);
      if (!('opus' in frame)) {
        counters.daveDropped += 1;
        return;
      }
      payload = frame.opus;
      if (frame.kind === 'decrypted') daveEpoch = frame.epoch;
    }
    let stream = this.streams.find((s) => s.ssrc === header.ssrc && s.guildId === session.guildId);
    if (!stream) {
      stream = { ssrc: header.ssrc, guildId: session.guildId, userId: session.userId, decoder: new opus.OpusEncoder(SAMPLE_RATE, CHANNELS), packets: [], pcm: [] };
      this.streams.push(stream);
    }
    let pcm: Int16Array;
    try {
      const decoded = stream.decoder.decode(payload);
      pcm = new Int16Array(decoded.buffer.slice(decoded.byteOffset, decoded.byteOffset + decoded.byteLength));
    } catch {
      counters.decodeFailures += 1;
      return;
    }
    stream.pcm.push(pcm);
    stream.packets.push({
      ssrc: header.ssrc, sequence: header.sequence, timestamp: header.timestamp, arrivedAt, opusBytes: payload.length,
      silenceFrame: payload.equals(SILENCE_FRAME), peak: peakOf(pcm), samples: pcm.length / CHANNELS, daveEpoch,
    });
  }

  /** Everything heard from `guildId` (optionally one user), streams concatenated in the order they started. */
  audioFor(guildId: string, userId?: string): ReceivedAudio {
    const streams = this.streams.filter((s) => s.guildId === guildId && (userId === undefined || s.userId === userId));
    const packets: ReceivedPacket[] = [];
    const chunks: Int16Array[] = [];
    const sequenceGaps: Discontinuity[] = [];
    const timestampJumps: Discontinuity[] = [];
    for (const stream of streams) {
      stream.packets.forEach((packet, i) => {
        const previous = stream.packets[i - 1];
        if (previous) {
          const gap: Discontinuity = {
            ssrc: stream.ssrc, index: packets.length, previousSequence: previous.sequence, sequence: packet.sequence,
            previousTimestamp: previous.timestamp, timestamp: packet.timestamp,
          };
          const seqDelta = wrappingDelta(previous.sequence, packet.sequence, 16);
          if (seqDelta !== 1) sequenceGaps.push(gap);
          else if (wrappingDelta(previous.timestamp, packet.timestamp, 32) !== SAMPLES_PER_FRAME) timestampJumps.push(gap);
        }
        packets.push(packet);
      });
      chunks.push(...stream.pcm);
    }
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const pcm = new Int16Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      pcm.set(chunk, offset);
      offset += chunk.length;
    }
    const counters = this.countersFor(guildId);
    const frameMs = (p: ReceivedPacket): number => (p.samples / SAMPLE_RATE) * 1000;
    return {
      sampleRate: SAMPLE_RATE, channels: CHANNELS, pcm,
      mono: () => {
        const mono = new Float32Array(pcm.length / CHANNELS);
        for (let i = 0; i < mono.length; i++) mono[i] = (pcm[2 * i] + pcm[2 * i + 1]) / 65536;
        return mono;
      },
      durationMs: (total / CHANNELS / SAMPLE_RATE) * 1000,
      audibleMs: packets.filter((p) => p.peak > SILENCE_PEAK).reduce((ms, p) => ms + frameMs(p), 0),
      packets, ssrcs: streams.map((s) => s.ssrc), sequenceGaps, timestampJumps,
      decryptFailures: counters.decryptFailures, decodeFailures: counters.decodeFailures, daveDropped: counters.daveDropped,
    };
  }

  /** Resolves once at least `minAudibleMs` of non-silent audio has been heard from the guild. */
  waitForAudio(guildId: string, options: WaitOptions & { minAudibleMs?: number } = {}): Promise<ReceivedAudio> {
    const min = options.minAudibleMs ?? 20;
    return waitUntil(() => {
      const audio = this.audioFor(guildId);
      return audio.audibleMs >= min ? audio : undefined;
    }, `${min} ms of audible audio from guild ${guildId}`, options);
  }

  /**
   * Resolves once the guild has been audible and then nothing audible arrived for `quietMs` (no packets at all,
   * silence frames, or near-zero audio all count as silence).
   */
  waitForSilence(guildId: string, quietMs: number, options: WaitOptions = {}): Promise<ReceivedAudio> {
    return waitUntil(() => {
      const audio = this.audioFor(guildId);
      const lastAudible = audio.packets.findLast((p) => p.peak > SILENCE_PEAK);
      if (!lastAudible) return undefined;
      return preciseNow() - lastAudible.arrivedAt >= quietMs ? audio : undefined;
    }, `${quietMs} ms of silence after audio from guild ${guildId}`, { timeoutMs: (options.timeoutMs ?? 5000) + quietMs, intervalMs: options.intervalMs });
  }

  /** Packets that could not be attributed: decryption failed or the SSRC was not the session's. */
  problemsFor(guildId: string): GuildCounters {
    return { ...this.countersFor(guildId) };
  }

  /** Forgets what was heard from a guild, so a test can assert on the next utterance alone. */
  clear(guildId: string): void {
    for (let i = this.streams.length - 1; i >= 0; i--) if (this.streams[i].guildId === guildId) this.streams.splice(i, 1);
    this.counters.delete(guildId);
  }
}
