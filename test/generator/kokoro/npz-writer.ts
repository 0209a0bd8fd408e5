/**
 * Writes .npz archives like np.savez does (zip of .npy, zip64 extra fields as numpy >= 2 writes them), optionally
 * deflated like np.savez_compressed, so the reader is tested against the format rather than against itself.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export function encodeNpy(shape: readonly number[], data: Float32Array): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // Version 1.0: magic(6) + version(2) + length(2) + header padded with spaces to a multiple of 64, ending in \n.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export function encodeNpz(arrays: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>, deflate = false): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, array] of arrays) {
    const nameBytes = new TextEncoder().encode(`${name}.npy`);
    const raw = encodeNpy(array.shape, array.data);
    const stored = deflate ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    // Zip64 extra in the central directory: sizes and offset are 0xFFFFFFFF in the 32-bit slots.
    const zip64 = new Uint8Array(4 + 24);
    const z = new DataView(zip64.buffer);
    z.setUint16(0, 1, true);
    z.setUint16(2, 24, true);
    z.setBigUint64(4, BigInt(raw.length), true);
    z.setBigUint64(12, BigInt(stored.length), true);
    z.setBigUint64(20, BigInt(offset), true);

    const local = new Uint8Array(30 + nameBytes.length + stored.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 45, true);
    l.setUint16(8, deflate ? 8 : 0, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, stored.length, true);
    l.setUint32(22, raw.length, true);
    l.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(stored, 30 + nameBytes.length);

    const central = new Uint8Array(46 + nameBytes.length + zip64.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 45, true);
    c.setUint16(6, 45, true);
    c.setUint16(10, deflate ? 8 : 0, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, 0xffffffff, true);
    c.setUint32(24, 0xffffffff, true);
    c.setUint16(28, nameBytes.length, true);
    c.setUint16(30, zip64.length, true);
    c.setUint32(42, 0xffffffff, true);
    central.set(nameBytes, 46);
    central.set(zip64, 46 + nameBytes.length);

    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, arrays.size, true);
  e.setUint16(10, arrays.size, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  return Buffer.concat([...locals, ...centrals, end]);
}
