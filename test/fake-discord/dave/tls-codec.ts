// MLS (RFC 9420 section 2.1) presentation-language encoding: fixed-size integers and vectors with a variable-size
// length prefix (1, 2 or 4 bytes; the top two bits of the first byte say which).

/** Encodes a vector length as MLS's variable-size integer. */
export function encodeVarint(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length >= 2 ** 30) throw new RangeError(`MLS vector length out of range: ${length}`);
  if (length < 0x40) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([0x40 | (length >> 8), length & 0xff]);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((0x80000000 | length) >>> 0, 0);
  return out;
}

/** `opaque data<V>`: the bytes with their length prefix. */
export function vector(data: Uint8Array): Buffer {
  return Buffer.concat([encodeVarint(data.length), data]);
}

export function u8(value: number): Buffer {
  return Buffer.from([value & 0xff]);
}

export function u16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value, 0);
  return out;
}

export function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

export function u64(value: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(value, 0);
  return out;
}

/** Sequential reader over MLS-encoded bytes; every read throws when the data runs out. */
export class TlsReader {
  offset = 0;
  readonly data: Buffer;

  constructor(data: Buffer) {
    this.data = data;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  private take(size: number): Buffer {
    if (this.offset + size > this.data.length) throw new RangeError(`MLS data truncated: need ${size} bytes at ${this.offset}, have ${this.remaining}`);
    const out = this.data.subarray(this.offset, this.offset + size);
    this.offset += size;
    return out;
  }

  u8(): number {
    return this.take(1)[0];
  }

  u16(): number {
    return this.take(2).readUInt16BE(0);
  }

  u32(): number {
    return this.take(4).readUInt32BE(0);
  }

  u64(): bigint {
    return this.take(8).readBigUInt64BE(0);
  }

  varint(): number {
    const first = this.data[this.offset];
    if (first === undefined) throw new RangeError('MLS data truncated: no vector length');
    const prefix = first >> 6;
    if (prefix === 0) return this.u8();
    if (prefix === 1) return this.u16() & 0x3fff;
    if (prefix === 2) return this.u32() & 0x3fffffff;
    throw new RangeError('MLS varint with prefix 0b11 is invalid');
  }

  /** `opaque data<V>`: returns the bytes without their length prefix. */
  vector(): Buffer {
    return this.take(this.varint());
  }

  bytes(size: number): Buffer {
    return this.take(size);
  }
}
