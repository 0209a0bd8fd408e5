// The gateway-side MLS encoding, checked byte by byte and against davey (which verifies signatures and epochs).
import assert from 'node:assert/strict';
import { createVerify } from 'node:crypto';
import { describe, it } from 'node:test';
import davey from '@snazzah/davey';
import {
  createExternalSender, encodeExternalProposal, encodeExternalSenderPackage, encodeProposalsAppend, groupIdOf, parseKeyPackageMessage,
  splitCommitWelcome,
} from './mls-messages.ts';
import { encodeVarint, TlsReader, vector } from './tls-codec.ts';

const CHANNEL = '1234567890123456789';

describe('MLS vectors', () => {
  it('uses 1, 2 and 4 byte length prefixes at the RFC 9420 boundaries and reads them back', () => {
    assert.deepEqual([...encodeVarint(63)], [63]);
    assert.deepEqual([...encodeVarint(64)], [0x40, 64]);
    assert.deepEqual([...encodeVarint(16383)], [0x7f, 0xff]);
    assert.deepEqual([...encodeVarint(16384)], [0x80, 0, 0x40, 0]);
    for (const size of [0, 1, 63, 64, 300, 16383, 16384, 70000]) {
      const data = Buffer.alloc(size, 7);
      const reader = new TlsReader(Buffer.concat([vector(data), Buffer.from([9])]));
      assert.deepEqual(reader.vector(), data);
      assert.equal(reader.u8(), 9);
    }
    assert.throws(() => new TlsReader(Buffer.from([5, 1, 2])).vector(), /truncated/);
  });
});

describe('DAVE external sender and proposals', () => {
  it('op 25 is the 65-byte public key vector, basic credential, identity vector', () => {
    const sender = createExternalSender(Buffer.from('gw'));
    const pkg = encodeExternalSenderPackage(sender);
    assert.deepEqual([...pkg.subarray(0, 2)], [0x40, 65], '65 needs the 2-byte length form');
    assert.equal(pkg[2], 0x04, 'uncompressed P-256 point');
    assert.equal(pkg.readUInt16BE(67), 1);
    assert.deepEqual(pkg.subarray(69), Buffer.from([2, 0x67, 0x77]));
  });

  it('signs proposals with SignWithLabel("FramedContentTBS") over version, wire format and FramedContent', () => {
    const sender = createExternalSender();
    const message = encodeExternalProposal(sender, { channelId: CHANNEL, epoch: 5n, proposal: { kind: 'remove', leafIndex: 3 } });
    const reader = new TlsReader(message);
    assert.equal(reader.u16(), 1);
    assert.equal(reader.u16(), 1, 'public message');
    assert.deepEqual(reader.vector(), groupIdOf(CHANNEL));
    assert.equal(reader.u64(), 5n);
    assert.equal(reader.u8(), 2, 'external sender');
    assert.equal(reader.u32(), 0, 'external sender index');
    assert.equal(reader.vector().length, 0);
    assert.equal(reader.u8(), 2, 'proposal');
    assert.equal(reader.u16(), 3, 'remove');
    assert.equal(reader.u32(), 3);
    const tbsEnd = reader.offset;
    const signature = reader.vector();
    assert.equal(reader.remaining, 0, 'no membership tag for an external sender');
    const signContent = Buffer.concat([vector(Buffer.from('MLS 1.0 FramedContentTBS')), vector(message.subarray(0, tbsEnd))]);
    assert.ok(createVerify('sha256').update(signContent).verify(sender.privateKey, signature));
  });

  it('davey accepts an Add from our external sender and rejects a wrong key, a stale epoch and an unknown user', () => {
    const sender = createExternalSender();
    const alice = new davey.DAVESession(1, '111', CHANNEL);
    const bob = new davey.DAVESession(1, '222', CHANNEL);
    alice.setExternalSender(encodeExternalSenderPackage(sender));
    bob.setExternalSender(encodeExternalSenderPackage(sender));
    const { keyPackage, userId } = parseKeyPackageMessage(bob.getSerializedKeyPackage());
    assert.equal(userId, '222', 'identity is the snowflake, big-endian');
    const add = (from = sender, epoch = 0n): Buffer => encodeProposalsAppend([encodeExternalProposal(from, { channelId: CHANNEL, epoch, proposal: { kind: 'add', keyPackage } })]);

    assert.throws(() => alice.processProposals(0, add(createExternalSender()).subarray(1), ['222']), /InvalidSignature/);
    assert.throws(() => alice.processProposals(0, add(sender, 4n).subarray(1), ['222']), /Epoch/i);
    assert.throws(() => alice.processProposals(0, add().subarray(1), ['333']), /UnexpectedUser/);
    const { commit, welcome } = alice.processProposals(0, add().subarray(1), ['222']);
    assert.ok(commit && welcome);
    const split = splitCommitWelcome(Buffer.concat([commit, welcome]));
    assert.deepEqual(split.commit, commit, 'op 28 splits where the commit ends');
    assert.deepEqual(split.welcome, welcome);
    assert.equal(split.epoch, 0n);
    alice.processCommit(split.commit);
    bob.processWelcome(welcome);
    assert.equal(alice.epoch, 1n);
    assert.equal(bob.epoch, 1n);
    const frame = alice.encryptOpus(Buffer.from([0xfc, 1, 2, 3, 4, 5]));
    assert.equal(frame.readUInt16BE(frame.length - 2), 0xfafa, 'DAVE frames end in the magic marker');
    assert.deepEqual(bob.decrypt('111', 0, frame), Buffer.from([0xfc, 1, 2, 3, 4, 5]));
    assert.equal(splitCommitWelcome(commit).welcome, undefined, 'a commit alone has no welcome');
  });

  it('refuses key packages that are neither form', () => {
    assert.throws(() => parseKeyPackageMessage(Buffer.from([0, 1, 0, 9, 0])), /neither/);
  });
});
