// Pure functions for Discord's voice UDP formats: IP discovery packets and RTP with "rtpsize" AEAD encryption.
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const RTP_HEADER_SIZE = 12;
export const OPUS_PAYLOAD_TYPE = 120;
export const AUTH_TAG_SIZE = 16;
export const NONCE_SUFFIX_SIZE = 4;
/** Opus "silence" frame @discordjs/voice sends five of when playback stops. */
export const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

export const ENCRYPTION_MODES = ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] as const;
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];

export interface RtpHeader {
  version: number;
  hasExtension: boolean;
  csrcCount: number;
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** Bytes of the unencrypted part: fixed header + CSRCs + (if any) the 4-byte extension header. */
  unencryptedSize: number;
}

/** Parses an RTP header, or returns undefined when the packet is not RTP version 2. */
export function parseRtpHeader(packet: Buffer): RtpHeader | undefined {
  if (packet.length < RTP_HEADER_SIZE) return undefined;
  const first = packet[0];
  const version = first >> 6;
  if (version !== 2) return undefined;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  const unencryptedSize = RTP_HEADER_SIZE + csrcCount * 4 + (hasExtension ? 4 : 0);
  if (packet.length < unencryptedSize) return undefined;
  return {
    version, hasExtension, csrcCount, marker: (packet[1] & 0x80) !== 0, payloadType: packet[1] & 0x7f,
    sequence: packet.readUInt16BE(2), timestamp: packet.readUInt32BE(4), ssrc: packet.readUInt32BE(8), unencryptedSize,
  };
}

/** Discord rtpsize nonces are a 32-bit big-endian counter sent after the ciphertext, zero-padded to the cipher's size. */
function paddedNonce(suffix: Buffer, size: number): Buffer {
  const nonce = Buffer.alloc(size);
  suffix.copy(nonce, 0);
  return nonce;
}

/**
 * Decrypts one rtpsize packet: [header (AAD)] [ciphertext] [16-byte tag] [4-byte nonce counter].
 * With a header extension the extension body is encrypted and is stripped from the result.
 * Throws when the tag does not verify (wrong key, corrupted or truncated packet).
 */
export function decryptRtpSize(packet: Buffer, mode: EncryptionMode, key: Uint8Array): { header: RtpHeader; payload: Buffer; nonce: number } {
  const header = parseRtpHeader(packet);
  if (!header) throw new Error('not an RTP packet');
  if (packet.length < header.unencryptedSize + AUTH_TAG_SIZE + NONCE_SUFFIX_SIZE) throw new Error('RTP packet too short');
  if (mode !== 'aead_aes256_gcm_rtpsize') throw new Error(`decryption for ${mode} is not implemented by the fake (node crypto has no XChaCha20)`);
  const aad = packet.subarray(0, header.unencryptedSize);
  const nonceSuffix = packet.subarray(packet.length - NONCE_SUFFIX_SIZE);
  const tag = packet.subarray(packet.length - NONCE_SUFFIX_SIZE - AUTH_TAG_SIZE, packet.length - NONCE_SUFFIX_SIZE);
  const ciphertext = packet.subarray(header.unencryptedSize, packet.length - NONCE_SUFFIX_SIZE - AUTH_TAG_SIZE);
  const decipher = createDecipheriv('aes-256-gcm', key, paddedNonce(nonceSuffix, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  let plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  if (header.hasExtension) {
    const extensionWords = packet.readUInt16BE(header.unencryptedSize - 2);
    plain = plain.subarray(extensionWords * 4);
  }
  return { header, payload: plain, nonce: nonceSuffix.readUInt32BE(0) };
}

/** Builds an rtpsize AES-GCM packet the way Discord clients do; used to test the decoder independently of a client. */
export function encryptRtpSizeAesGcm(header: Buffer, payload: Buffer, key: Uint8Array, nonceCounter: number): Buffer {
  const parsed = parseRtpHeader(header);
  if (!parsed) throw new Error('header is not RTP');
  const suffix = Buffer.alloc(NONCE_SUFFIX_SIZE);
  suffix.writeUInt32BE(nonceCounter >>> 0, 0);
  const cipher = createCipheriv('aes-256-gcm', key, paddedNonce(suffix, 12));
  cipher.setAAD(header.subarray(0, parsed.unencryptedSize));
  const encrypted = Buffer.concat([cipher.update(Buffer.concat([header.subarray(parsed.unencryptedSize), payload])), cipher.final()]);
  return Buffer.concat([header.subarray(0, parsed.unencryptedSize), encrypted, cipher.getAuthTag(), suffix]);
}

/** A plain 12-byte RTP header as @discordjs/voice writes it (version 2, no extension, payload type 120). */
export function buildRtpHeader(sequence: number, timestamp: number, ssrc: number): Buffer {
  const header = Buffer.alloc(RTP_HEADER_SIZE);
  header[0] = 0x80;
  header[1] = OPUS_PAYLOAD_TYPE;
  header.writeUInt16BE(sequence & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  return header;
}

/** Recognises a 74-byte IP discovery request (type 0x1, length 70) and returns its SSRC. */
export function parseIpDiscoveryRequest(packet: Buffer): { ssrc: number } | undefined {
  if (packet.length !== 74 || packet.readUInt16BE(0) !== 1 || packet.readUInt16BE(2) !== 70) return undefined;
  return { ssrc: packet.readUInt32BE(4) };
}

/** The 74-byte IP discovery response: type 0x2, length 70, SSRC, NUL-padded address (64 bytes), port (BE). */
export function buildIpDiscoveryResponse(ssrc: number, address: string, port: number): Buffer {
  const packet = Buffer.alloc(74);
  packet.writeUInt16BE(2, 0);
  packet.writeUInt16BE(70, 2);
  packet.writeUInt32BE(ssrc >>> 0, 4);
  packet.write(address, 8, 63, 'utf8');
  packet.writeUInt16BE(port, 72);
  return packet;
}

/** Forward distance from `previous` to `next` in a wrapping counter of `bits` bits (1 = consecutive). */
export function wrappingDelta(previous: number, next: number, bits: 16 | 32): number {
  const modulo = 2 ** bits;
  return (((next - previous) % modulo) + modulo) % modulo;
}
