/**
 * The few protobuf wire-format primitives an ONNX ModelProto needs: varints, length-delimited fields and fixed32
 * floats. Messages are built bottom-up as byte arrays, which is all a test-model writer needs.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LENGTH_DELIMITED = 2;

export function encodeVarint(value: number | bigint): Uint8Array {
  // Negative int64 values are written as their 64-bit two's complement, as protobuf requires.
  let remaining = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    let byte = Number(remaining & 0x7fn);
    remaining >>= 7n;
    if (remaining !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (remaining !== 0n);
  return Uint8Array.from(bytes);
}

function tag(field: number, wireType: number): Uint8Array {
  return encodeVarint((field << 3) | wireType);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function varintField(field: number, value: number | bigint): Uint8Array {
  return concatBytes([tag(field, WIRE_VARINT), encodeVarint(value)]);
}

export function bytesField(field: number, value: Uint8Array): Uint8Array {
  return concatBytes([tag(field, WIRE_LENGTH_DELIMITED), encodeVarint(value.length), value]);
}

export function stringField(field: number, value: string): Uint8Array {
  return bytesField(field, new TextEncoder().encode(value));
}

export function floatField(field: number, value: number): Uint8Array {
  const body = new Uint8Array(4);
  new DataView(body.buffer).setFloat32(0, value, true);
  return concatBytes([tag(field, WIRE_FIXED32), body]);
}
