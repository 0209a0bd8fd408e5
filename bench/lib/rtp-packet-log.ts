/**
 * A cheap listener for the fake Discord: it takes over the fake's voice receiver and keeps, per guild, only what
 * rtp-stream-stats needs (arrival time, RTP counters, SSRC, silence frame or not). The fake's own receiver decodes
 * every packet with Opus and keeps all the PCM, which at 32 guilds is a tenth of a core and ~200 MB in the process
 * that also measures timing on a 2-core machine; here a packet costs one AES-GCM decryption of ~100 bytes.
 */
import { decryptRtpSize, SILENCE_FRAME } from '../../test/fake-discord/rtp.ts';
import type { FakeDiscord } from '../../test/fake-discord/index.ts';
import type { VoiceSessionKey } from '../../test/fake-discord/voice-receiver.ts';
import type { HeardPacket } from './rtp-stream-stats.ts';

export class RtpPacketLog {
  readonly #packets = new Map<string, HeardPacket[]>();
  #undecryptable = 0;

  /** Routes every voice datagram the fake receives to a new log instead of the fake's decoding receiver. */
  static attach(fake: FakeDiscord): RtpPacketLog {
    const log = new RtpPacketLog();
    // The fake's voice server hands each datagram to this receiver object; replacing its method on the instance keeps
    // the fake's code untouched (fake.audioFor() then stays empty, which the bench does not use).
    fake.receiver.receive = (session: VoiceSessionKey, packet: Buffer, arrivedAt?: number): void =>
      log.receive(session, packet, arrivedAt ?? performance.timeOrigin + performance.now());
    return log;
  }

  receive(session: VoiceSessionKey, packet: Buffer, arrivedAt: number): void {
    let payload: Buffer;
    let header;
    try {
      ({ header, payload } = decryptRtpSize(packet, session.mode, session.secretKey));
    } catch {
      this.#undecryptable++;
      return;
    }
    let packets = this.#packets.get(session.guildId);
    if (!packets) this.#packets.set(session.guildId, (packets = []));
    packets.push({ arrivedAt, sequence: header.sequence, timestamp: header.timestamp, ssrc: header.ssrc, silenceFrame: payload.equals(SILENCE_FRAME) });
  }

  /** Packets heard from a guild so far, in arrival order. */
  packets(guildId: string): readonly HeardPacket[] {
    return this.#packets.get(guildId) ?? [];
  }

  /** Datagrams that failed decryption (should stay 0; anything else means the measurement missed audio). */
  get undecryptable(): number {
    return this.#undecryptable;
  }
}
