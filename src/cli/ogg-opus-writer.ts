/**
 * Ogg Opus container (RFC 7845) for Opus packets, since prism-media only demuxes Ogg. Pure: packets in, page buffers
 * out. Page 0 holds OpusHead, page 1 OpusTags, then audio pages of up to about one second each; granule positions count
 * decoded 48 kHz samples (pre-skip included), and the last page's granule trims the padding of the final frame.
 */

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value 0, no final xor. */
export function oggCrc32(data: Uint8Array): number {
  let crc = 0;
  for (const byte of data) crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  return crc;
}

const flagFirst = 0x02;
const flagLast = 0x04;

export function oggPage(options: {
  packets: readonly Uint8Array[];
  granule: bigint;
  serial: number;
  sequence: number;
  first?: boolean;
  last?: boolean;
}): Buffer {
  const segments: number[] = [];
  for (const packet of options.packets) {
    // Lacing: 255-byte segments, then the remainder (0 when the length is a multiple of 255) ends the packet.
    for (let left = packet.length; ; left -= 255) {
      segments.push(Math.min(255, left));
      if (left < 255) break;
    }
  }
  if (segments.length > 255) throw new RangeError('too many segments for one Ogg page');
  const body = Buffer.concat(options.packets.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
  const header = Buffer.alloc(27 + segments.length);
  header.write('OggS', 0, 'ascii');
  header[4] = 0;
  header[5] = (options.first ? flagFirst : 0) | (options.last ? flagLast : 0);
  header.writeBigInt64LE(options.granule, 6);
  header.writeUInt32LE(options.serial >>> 0, 14);
  header.writeUInt32LE(options.sequence >>> 0, 18);
  header.writeUInt32LE(0, 22);
  header[26] = segments.length;
  segments.forEach((s, i) => (header[27 + i] = s));
  const page = Buffer.concat([header, body]);
  page.writeUInt32LE(oggCrc32(page), 22);
  return page;
}

export interface OggOpusOptions {
  readonly channels: 1 | 2;
  /** Samples at 48 kHz the decoder drops at the start (the encoder's lookahead; 312 for libopus at 48 kHz). */
  readonly preSkip?: number;
  /** Informational: the rate of the audio before encoding. */
  readonly inputSampleRate?: number;
  readonly serial?: number;
  readonly vendor?: string;
}

function opusHead(options: OggOpusOptions): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1;
  head[9] = options.channels;
  head.writeUInt16LE(options.preSkip ?? 312, 10);
  head.writeUInt32LE(options.inputSampleRate ?? 48000, 12);
  head.writeInt16LE(0, 16);
  head[18] = 0; // mapping family 0: mono or stereo
  return head;
}

function opusTags(vendor: string): Buffer {
  const vendorBytes = Buffer.from(vendor, 'utf8');
  const tags = Buffer.alloc(8 + 4 + vendorBytes.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendorBytes.length, 8);
  vendorBytes.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendorBytes.length);
  return tags;
}

/** Collects Opus packets into Ogg pages. */
export class OggOpusWriter {
  private readonly serial: number;
  private readonly preSkip: number;
  private sequence = 0;
  private samples = 0;
  private pending: Buffer[] = [];
  private pendingSegments = 0;
  private readonly pages: Buffer[] = [];

  constructor(options: OggOpusOptions) {
    this.serial = options.serial ?? 0x5eec4a11;
    this.preSkip = options.preSkip ?? 312;
    this.pages.push(oggPage({ packets: [opusHead(options)], granule: 0n, serial: this.serial, sequence: this.sequence++, first: true }));
    this.pages.push(oggPage({ packets: [opusTags(options.vendor ?? 'neural-tts-discord-bot')], granule: 0n, serial: this.serial, sequence: this.sequence++ }));
  }

  /** Adds one packet holding `frameSamples` samples per channel at 48 kHz (960 for 20 ms). */
  writePacket(packet: Uint8Array, frameSamples = 960): void {
    const segments = Math.floor(packet.length / 255) + 1;
    if (this.pendingSegments + segments > 255 || this.pending.length >= 50) this.flush(false);
    this.pending.push(Buffer.from(packet));
    this.pendingSegments += segments;
    this.samples += frameSamples;
  }

  /**
   * Ends the stream and returns all pages. `audibleSamples` (at 48 kHz) trims the padding of the last frame so
   * players report the exact duration.
   */
  finish(audibleSamples?: number): Buffer {
    // The decoder drops pre-skip samples first, so the file plays (granule - preSkip) samples; it cannot end beyond
    // what the packets hold.
    const end = audibleSamples !== undefined ? Math.min(this.preSkip + audibleSamples, this.samples) : this.samples;
    this.flush(true, BigInt(end));
    return Buffer.concat(this.pages);
  }

  /** A page's granule is every sample the decoder has produced by the end of its last packet, pre-skip included. */
  private flush(last: boolean, granule = BigInt(this.samples)): void {
    if (this.pending.length === 0 && !last) return;
    this.pages.push(oggPage({ packets: this.pending, granule, serial: this.serial, sequence: this.sequence++, last }));
    this.pending = [];
    this.pendingSegments = 0;
  }
}

