// The MLS messages Discord's voice gateway itself writes or reads for DAVE (protocol version 1):
// the external sender package (op 25), external Add/Remove proposals (op 27), and the splitting of a client's
// key package (op 26) and commit + welcome (op 28). Everything else is MLS between the clients (davey).
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { TlsReader, u16, u32, u64, u8, vector } from './tls-codec.ts';

export const MLS_VERSION_10 = 1;
export const WIRE_FORMAT = { publicMessage: 1, privateMessage: 2, welcome: 3, groupInfo: 4, keyPackage: 5 } as const;
export const SENDER_TYPE = { member: 1, external: 2, newMemberProposal: 3, newMemberCommit: 4 } as const;
export const CONTENT_TYPE = { application: 1, proposal: 2, commit: 3 } as const;
export const PROPOSAL_TYPE = { add: 1, update: 2, remove: 3 } as const;
export const BASIC_CREDENTIAL = 1;
/** DHKEMP256_AES128GCM_SHA256_P256, DAVE v1's ciphersuite. */
export const CIPHERSUITE_P256 = 2;
/** Byte that starts an op 27 payload: append proposals (0) or revoke proposal refs (1). */
export const PROPOSALS_APPEND = 0;

/** The voice gateway's own signing identity (ECDSA P-256, as MLS ciphersuite 2 requires). */
export interface ExternalSender {
  readonly privateKey: KeyObject;
  /** Uncompressed SEC1 point, 65 bytes (0x04 || X || Y): MLS's SignaturePublicKey for P-256. */
  readonly publicKey: Buffer;
  readonly identity: Buffer;
}

export function createExternalSender(identity: Buffer = Buffer.from('fake-discord-voice-gateway')): ExternalSender {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // A P-256 SPKI ends with the 65-byte uncompressed point.
  return { privateKey, publicKey: spki.subarray(spki.length - 65), identity };
}

/** Op 25 payload: ExternalSender { SignaturePublicKey signature_key<V>; Credential { u16 type = basic; identity<V> } }. */
export function encodeExternalSenderPackage(sender: ExternalSender): Buffer {
  return Buffer.concat([vector(sender.publicKey), u16(BASIC_CREDENTIAL), vector(sender.identity)]);
}

/** MLS SignWithLabel: ECDSA over SignContent { label<V> = "MLS 1.0 " + label; content<V> }, DER-encoded. */
export function signWithLabel(privateKey: KeyObject, label: string, content: Buffer): Buffer {
  const signContent = Buffer.concat([vector(Buffer.from(`MLS 1.0 ${label}`)), vector(content)]);
  return createSign('sha256').update(signContent).sign(privateKey);
}

/** DAVE's MLS group id: the channel id as a big-endian u64. */
export function groupIdOf(channelId: string): Buffer {
  return u64(BigInt(channelId));
}

export type ExternalProposal =
  | { readonly kind: 'add'; readonly keyPackage: Buffer }
  | { readonly kind: 'remove'; readonly leafIndex: number };

function encodeProposal(proposal: ExternalProposal): Buffer {
  return proposal.kind === 'add'
    ? Buffer.concat([u16(PROPOSAL_TYPE.add), proposal.keyPackage])
    : Buffer.concat([u16(PROPOSAL_TYPE.remove), u32(proposal.leafIndex)]);
}

/**
 * One external proposal as an MLSMessage carrying a PublicMessage. An external sender signs FramedContentTBS
 * without a group context and the message has no membership tag (RFC 9420 6.1, 6.2).
 */
export function encodeExternalProposal(sender: ExternalSender, input: { channelId: string; epoch: bigint; proposal: ExternalProposal; senderIndex?: number }): Buffer {
  const framedContent = Buffer.concat([
    vector(groupIdOf(input.channelId)), u64(input.epoch),
    u8(SENDER_TYPE.external), u32(input.senderIndex ?? 0),
    vector(Buffer.alloc(0)), // authenticated_data
    u8(CONTENT_TYPE.proposal), encodeProposal(input.proposal),
  ]);
  const wireHeader = Buffer.concat([u16(MLS_VERSION_10), u16(WIRE_FORMAT.publicMessage)]);
  const signature = signWithLabel(sender.privateKey, 'FramedContentTBS', Buffer.concat([wireHeader, framedContent]));
  return Buffer.concat([wireHeader, framedContent, vector(signature)]);
}

/** Op 27 payload after the opcode: operation type, then the proposal MLSMessages as one vector. */
export function encodeProposalsAppend(messages: Buffer[]): Buffer {
  return Buffer.concat([u8(PROPOSALS_APPEND), vector(Buffer.concat(messages))]);
}

export interface KeyPackageInfo {
  /** The KeyPackage without its MLSMessage header: what an Add proposal carries. */
  readonly keyPackage: Buffer;
  /** The basic credential identity as a snowflake (big-endian u64). */
  readonly userId: string;
}

/**
 * Op 26 payload. protocol.md says MLSMessage(key_package); davey (and so @discordjs/voice) sends the bare KeyPackage.
 * Both are accepted: the second u16 is the wire format (5) in the former and the cipher suite (2) in the latter.
 */
export function parseKeyPackageMessage(message: Buffer): KeyPackageInfo {
  const reader = new TlsReader(message);
  if (reader.u16() !== MLS_VERSION_10) throw new Error('key package: not MLS 1.0');
  const second = reader.u16();
  if (second === WIRE_FORMAT.keyPackage) reader.offset = 4;
  else if (second === CIPHERSUITE_P256) reader.offset = 0;
  else throw new Error(`key package: neither an MLSMessage(key_package) nor a ciphersuite ${CIPHERSUITE_P256} KeyPackage`);
  const keyPackage = message.subarray(reader.offset);
  // KeyPackage { version, cipher_suite, init_key<V>, LeafNode { encryption_key<V>, signature_key<V>, credential, ... } }
  reader.u16();
  if (reader.u16() !== CIPHERSUITE_P256) throw new Error('key package: not ciphersuite 2');
  reader.vector();
  reader.vector();
  reader.vector();
  if (reader.u16() !== BASIC_CREDENTIAL) throw new Error('key package: credential is not basic');
  const identity = reader.vector();
  if (identity.length !== 8) throw new Error('key package: identity is not a 64-bit snowflake');
  return { keyPackage, userId: identity.readBigUInt64BE(0).toString() };
}

function skipLeafNode(reader: TlsReader): void {
  reader.vector(); // encryption_key
  reader.vector(); // signature_key
  const credentialType = reader.u16();
  if (credentialType === BASIC_CREDENTIAL) reader.vector();
  else reader.vector(); // x509 certificates<V>: skipped whole
  for (let i = 0; i < 5; i++) reader.vector(); // capabilities: versions, cipher_suites, extensions, proposals, credentials
  const source = reader.u8();
  if (source === 1) reader.bytes(16); // key_package: lifetime
  else if (source === 3) reader.vector(); // commit: parent_hash
  reader.vector(); // extensions
  reader.vector(); // signature
}

export interface ParsedCommit {
  readonly commit: Buffer;
  readonly welcome: Buffer | undefined;
  readonly epoch: bigint;
  readonly senderLeafIndex: number;
}

/**
 * Op 28 payload: an MLSMessage(PublicMessage commit) optionally followed by a Welcome. MLS has no outer length, so
 * the commit is walked field by field to find where the welcome starts.
 */
export function splitCommitWelcome(payload: Buffer): ParsedCommit {
  const reader = new TlsReader(payload);
  if (reader.u16() !== MLS_VERSION_10) throw new Error('commit: not MLS 1.0');
  if (reader.u16() !== WIRE_FORMAT.publicMessage) throw new Error('commit: not a PublicMessage');
  reader.vector(); // group_id
  const epoch = reader.u64();
  const senderType = reader.u8();
  if (senderType !== SENDER_TYPE.member) throw new Error('commit: sender is not a member');
  const senderLeafIndex = reader.u32();
  reader.vector(); // authenticated_data
  if (reader.u8() !== CONTENT_TYPE.commit) throw new Error('commit: content is not a commit');
  reader.vector(); // proposals<V> (ProposalOrRef)
  if (reader.u8() === 1) {
    skipLeafNode(reader);
    reader.vector(); // nodes<V>
  }
  reader.vector(); // signature
  reader.vector(); // confirmation_tag
  reader.vector(); // membership_tag
  const welcome = reader.remaining > 0 ? payload.subarray(reader.offset) : undefined;
  return { commit: payload.subarray(0, reader.offset), welcome, epoch, senderLeafIndex };
}
