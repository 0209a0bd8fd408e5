/**
 * Reads numpy .npz archives (a zip of .npy files, as np.savez writes them) into float32 arrays. Kokoro's
 * voices-v1.0.bin is one: voice name -> float32 [510, 1, 256]. Supports stored and deflated entries and the zip64
 * fields numpy >= 2 always writes.
 */
import { inflateRawSync } from 'node:zlib';

export interface NpyArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export class NpzFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpzFormatError';
  }
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const UINT32_MAX = 0xffffffff;

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeaderOffset: number;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes at the very end.
  const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= earliest; offset--) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new NpzFormatError('not a zip/npz file (no end of central directory)');
}

function readZip64Central(view: DataView, eocd: number): { count: number; offset: number } {
  // A zip64 end-of-central-directory locator sits 20 bytes before the classic record.
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50) {
    throw new NpzFormatError('zip64 archive without a zip64 locator');
  }
  const record = Number(view.getBigUint64(locator + 8, true));
  return { count: Number(view.getBigUint64(record + 32, true)), offset: Number(view.getBigUint64(record + 48, true)) };
}

function listEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === UINT32_MAX) ({ count, offset } = readZip64Central(view, eocd));
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_DIRECTORY_ENTRY) {
      throw new NpzFormatError('damaged zip central directory');
    }
    const method = view.getUint16(offset + 10, true);
    let compressedSize = view.getUint32(offset + 20, true);
    let uncompressedSize = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    let localHeaderOffset = view.getUint32(offset + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    // Zip64 extra field: 8-byte values, present only for the fields whose 32-bit slot is 0xFFFFFFFF, in this order.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const size = view.getUint16(extra + 2, true);
      if (id === ZIP64_EXTRA) {
        let field = extra + 4;
        if (uncompressedSize === UINT32_MAX) {
          uncompressedSize = Number(view.getBigUint64(field, true));
          field += 8;
        }
        if (compressedSize === UINT32_MAX) {
          compressedSize = Number(view.getBigUint64(field, true));
          field += 8;
        }
        if (localHeaderOffset === UINT32_MAX) localHeaderOffset = Number(view.getBigUint64(field, true));
      }
      extra += 4 + size;
    }
    entries.push({ name, method, compressedSize, localHeaderOffset });
    offset = extraEnd + commentLength;
  }
  return entries;
}

function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== LOCAL_FILE_HEADER) {
    throw new NpzFormatError(`damaged zip entry ${entry.name}`);
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new NpzFormatError(`zip entry ${entry.name} is truncated`);
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return inflateRawSync(raw);
  throw new NpzFormatError(`zip entry ${entry.name} uses unsupported compression method ${entry.method}`);
}

/** Parses one .npy file holding little-endian float32 in C order. */
export function parseNpy(bytes: Uint8Array, label = 'array'): NpyArray {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new NpzFormatError(`${label} is not a .npy array`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '<f4' || fortran !== 'False' || shapeText === undefined) {
    throw new NpzFormatError(`${label}: only little-endian float32 C-order arrays are supported (header ${header.trim()})`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const count = shape.reduce((product, dim) => product * dim, 1);
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart < count * 4) throw new NpzFormatError(`${label} is truncated`);
  // Copy so the data is aligned and independent of the archive buffer.
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart, dataStart + count * 4));
  return { shape, data };
}

/** All arrays of an .npz, keyed by name without the `.npy` suffix. */
export function parseNpz(bytes: Uint8Array): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>();
  for (const entry of listEntries(bytes)) {
    if (!entry.name.endsWith('.npy')) continue;
    const name = entry.name.slice(0, -'.npy'.length);
    arrays.set(name, parseNpy(entryData(bytes, entry), name));
  }
  return arrays;
}
