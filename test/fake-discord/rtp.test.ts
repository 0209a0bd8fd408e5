import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import opus from '@discordjs/opus';
import {
  buildIpDiscoveryResponse, buildRtpHeader, decryptRtpSize, encryptRtpSizeAesGcm, parseIpDiscoveryRequest, parseRtpHeader,
  wrappingDelta,
} from './rtp.ts';
import { VoiceReceiver } from './voice-receiver.ts';
import { estimateFrequency, sineStereoPcm } from './test-signal.ts';

describe('rtp helpers', () => {
  it('builds the 74-byte IP discovery response at the documented offsets', () => {
    const packet = buildIpDiscoveryResponse(0xdeadbeef, '127.0.0.1', 50123);
    assert.equal(packet.length, 74);
    assert.equal(packet.readUInt16BE(0), 2);
    assert.equal(packet.readUInt16BE(2), 70);
    assert.equal(packet.readUInt32BE(4), 0xdeadbeef);
    assert.equal(packet.subarray(8, packet.indexOf(0, 8)).toString(), '127.0.0.1');
    assert.equal(packet.readUInt16BE(72), 50123);
    const request = Buffer.alloc(74);
    request.writeUInt16BE(1, 0);
    request.writeUInt16BE(70, 2);
    request.writeUInt32BE(42, 4);
    assert.deepEqual(parseIpDiscoveryRequest(request), { ssrc: 42 });
    assert.equal(parseIpDiscoveryRequest(Buffer.alloc(8)), undefined);
  });

  it('decrypts rtpsize AES-GCM, verifying the header as AAD and the 4-byte nonce suffix', () => {
    const key = randomBytes(32);
    const header = buildRtpHeader(65535, 4294967000, 1234);
    const payload = Buffer.from('opus payload bytes');
    const packet = encryptRtpSizeAesGcm(header, payload, key, 7);
    const { header: parsed, payload: plain, nonce } = decryptRtpSize(packet, 'aead_aes256_gcm_rtpsize', key);
    assert.deepEqual(plain, payload);
    assert.equal(nonce, 7);
    assert.equal(parsed.sequence, 65535);
    assert.equal(parsed.timestamp, 4294967000);
    assert.equal(parsed.ssrc, 1234);
    const tamperedHeader = Buffer.from(packet);
    tamperedHeader[3] ^= 1;
    assert.throws(() => decryptRtpSize(tamperedHeader, 'aead_aes256_gcm_rtpsize', key));
    assert.throws(() => decryptRtpSize(packet, 'aead_aes256_gcm_rtpsize', randomBytes(32)));
    assert.throws(() => decryptRtpSize(packet.subarray(0, 20), 'aead_aes256_gcm_rtpsize', key), /too short/);
  });

  it('strips an encrypted header-extension body (rtpsize keeps only the 4-byte extension header in the clear)', () => {
    const key = randomBytes(32);
    const header = Buffer.concat([buildRtpHeader(1, 960, 9), Buffer.from([0xbe, 0xde, 0x00, 0x01])]);
    header[0] |= 0x10;
    assert.equal(parseRtpHeader(header)?.unencryptedSize, 16);
    const extensionBody = Buffer.from([0x10, 0xff, 0x00, 0x00]);
    const packet = encryptRtpSizeAesGcm(header, Buffer.concat([extensionBody, Buffer.from('voice')]), key, 1);
    assert.equal(decryptRtpSize(packet, 'aead_aes256_gcm_rtpsize', key).payload.toString(), 'voice');
  });

  it('measures wrapping distances of 16-bit sequences and 32-bit timestamps', () => {
    assert.equal(wrappingDelta(65535, 0, 16), 1);
    assert.equal(wrappingDelta(10, 13, 16), 3);
    assert.equal(wrappingDelta(2 ** 32 - 480, 480, 32), 960);
  });
});

describe('VoiceReceiver', () => {
  function packets(count: number, key: Buffer, firstSeq: number): Buffer[] {
    const encoder = new opus.OpusEncoder(48000, 2);
    const pcm = sineStereoPcm(500, count * 20, 0.4);
    const out: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const frame = encoder.encode(pcm.subarray(i * 3840, (i + 1) * 3840));
      out.push(encryptRtpSizeAesGcm(buildRtpHeader(firstSeq + i, 1000 + i * 960, 77), frame, key, i + 1));
    }
    return out;
  }

  it('decodes audio per SSRC, crossing the sequence wrap without reporting a gap', () => {
    const key = randomBytes(32);
    const receiver = new VoiceReceiver();
    const session = { guildId: 'g', userId: 'u', ssrc: 77, mode: 'aead_aes256_gcm_rtpsize' as const, secretKey: key };
    for (const packet of packets(30, key, 65530)) receiver.receive(session, packet);
    const audio = receiver.audioFor('g');
    assert.equal(audio.packets.length, 30);
    assert.equal(audio.durationMs, 600);
    assert.deepEqual(audio.sequenceGaps, []);
    assert.deepEqual(audio.timestampJumps, []);
    assert.ok(Math.abs(estimateFrequency(audio.mono().subarray(960 * 3)) - 500) < 3);
  });

  it('reports lost packets, bad timestamps, undecryptable packets and foreign SSRCs', () => {
    const key = randomBytes(32);
    const receiver = new VoiceReceiver();
    const session = { guildId: 'g', userId: 'u', ssrc: 77, mode: 'aead_aes256_gcm_rtpsize' as const, secretKey: key };
    const list = packets(10, key, 100);
    list.splice(4, 2);
    for (const packet of list) receiver.receive(session, packet);
    receiver.receive(session, encryptRtpSizeAesGcm(buildRtpHeader(110, 999_999, 77), Buffer.from([0xf8, 0xff, 0xfe]), key, 50));
    receiver.receive(session, randomBytes(60));
    receiver.receive(session, encryptRtpSizeAesGcm(buildRtpHeader(1, 0, 78), Buffer.from([0xf8, 0xff, 0xfe]), key, 51));
    const audio = receiver.audioFor('g');
    assert.deepEqual(audio.sequenceGaps.map((g) => [g.previousSequence, g.sequence]), [[103, 106]]);
    assert.deepEqual(audio.timestampJumps.map((g) => [g.sequence, g.timestamp]), [[110, 999_999]]);
    assert.equal(audio.decryptFailures, 1);
    assert.equal(receiver.problemsFor('g').foreignSsrcPackets, 1);
    receiver.clear('g');
    assert.equal(receiver.audioFor('g').packets.length, 0);
  });
});
