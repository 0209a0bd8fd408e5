/**
 * Rewrites a WebAssembly binary so that every mutable global it defines is also exported. A C program compiled for
 * WASI keeps its stack pointer in such a global, which the module does not export; a host that wants to run the
 * program again in the same instance must put that global back as it was, so it must be able to reach it.
 * Nothing else in the module changes: the export section gets extra entries named `prefix + index`.
 */

const SECTION = { import: 2, global: 6, export: 7 } as const;
const EXTERNAL_KIND = { function: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;
const PREAMBLE_LENGTH = 8; // "\0asm" and the version

export interface GlobalExports {
  readonly bytes: Uint8Array;
  /** Export names of the mutable globals, in index order. */
  readonly names: readonly string[];
}

export function exportMutableGlobals(module: Uint8Array, prefix = '__mutable_global_'): GlobalExports {
  if (module.length < PREAMBLE_LENGTH || module[0] !== 0 || module[1] !== 0x61 || module[2] !== 0x73 || module[3] !== 0x6d) {
    throw new Error('not a WebAssembly binary');
  }
  const sections = readSections(module);
  const importedGlobals = countImportedGlobals(sections.find((s) => s.id === SECTION.import), module);
  const globalSection = sections.find((s) => s.id === SECTION.global);
  const mutable = globalSection ? mutableGlobalIndices(module, globalSection, importedGlobals) : [];
  const exportSection = sections.find((s) => s.id === SECTION.export);
  const existing = exportSection ? readExportNames(module, exportSection) : { count: 0, names: new Set<string>(), entriesStart: 0 };
  const names = mutable.map((index) => `${prefix}${index}`);
  for (const name of names) {
    if (existing.names.has(name)) throw new Error(`the module already exports "${name}"`);
  }
  if (names.length === 0) return { bytes: module, names };

  const added = mutable.flatMap((index) => [...encodeName(`${prefix}${index}`), EXTERNAL_KIND.global, ...encodeUnsigned(index)]);
  const oldEntries = exportSection ? module.subarray(existing.entriesStart, exportSection.end) : new Uint8Array(0);
  const content = Buffer.concat([Uint8Array.from(encodeUnsigned(existing.count + names.length)), oldEntries, Uint8Array.from(added)]);
  const newSection = Buffer.concat([Uint8Array.from([SECTION.export, ...encodeUnsigned(content.length)]), content]);

  // The export section sits after the global section (or the import section, or the preamble) when it is new.
  const before = exportSection ?? sections.filter((s) => s.id !== 0 && s.id < SECTION.export).at(-1);
  const cutStart = exportSection ? exportSection.start : (before?.end ?? PREAMBLE_LENGTH);
  const cutEnd = exportSection ? exportSection.end : cutStart;
  return { bytes: Buffer.concat([module.subarray(0, cutStart), newSection, module.subarray(cutEnd)]), names };
}

interface Section {
  readonly id: number;
  /** Offset of the section id byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the section. */
  readonly end: number;
}

function readSections(module: Uint8Array): Section[] {
  const sections: Section[] = [];
  const reader = new Reader(module, PREAMBLE_LENGTH);
  while (reader.offset < module.length) {
    const start = reader.offset;
    const id = reader.byte();
    const size = reader.unsigned();
    const contentStart = reader.offset;
    const end = contentStart + size;
    if (end > module.length) throw new Error(`section ${id} runs past the end of the module`);
    sections.push({ id, start, contentStart, end });
    reader.offset = end;
  }
  return sections;
}

function countImportedGlobals(section: Section | undefined, module: Uint8Array): number {
  if (!section) return 0;
  const reader = new Reader(module, section.contentStart);
  let globals = 0;
  for (let i = reader.unsigned(); i > 0; i--) {
    reader.skipName();
    reader.skipName();
    const kind = reader.byte();
    switch (kind) {
      case EXTERNAL_KIND.function:
        reader.unsigned();
        break;
      case EXTERNAL_KIND.table:
        reader.byte(); // element type
        reader.skipLimits();
        break;
      case EXTERNAL_KIND.memory:
        reader.skipLimits();
        break;
      case EXTERNAL_KIND.global:
        reader.byte(); // value type
        reader.byte(); // mutability
        globals++;
        break;
      case EXTERNAL_KIND.tag:
        reader.byte();
        reader.unsigned();
        break;
      default:
        throw new Error(`unknown import kind ${kind}`);
    }
  }
  return globals;
}

function mutableGlobalIndices(module: Uint8Array, section: Section, firstIndex: number): number[] {
  const reader = new Reader(module, section.contentStart);
  const indices: number[] = [];
  const count = reader.unsigned();
  for (let i = 0; i < count; i++) {
    reader.byte(); // value type (numeric and reference types are one byte)
    if (reader.byte() === 1) indices.push(firstIndex + i);
    reader.skipConstantExpression();
  }
  return indices;
}

function readExportNames(module: Uint8Array, section: Section): { count: number; names: Set<string>; entriesStart: number } {
  const reader = new Reader(module, section.contentStart);
  const count = reader.unsigned();
  const entriesStart = reader.offset;
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    names.add(reader.name());
    reader.byte();
    reader.unsigned();
  }
  return { count, names, entriesStart };
}

class Reader {
  readonly bytes: Uint8Array;
  offset: number;

  constructor(bytes: Uint8Array, offset: number) {
    this.bytes = bytes;
    this.offset = offset;
  }

  byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) throw new Error('unexpected end of the module');
    this.offset++;
    return value;
  }

  /** LEB128, unsigned or signed alike: only its length matters to a skip, and sizes and counts fit 32 bits. */
  unsigned(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      if (shift < 32) result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result;
    }
  }

  name(): string {
    const length = this.unsigned();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }

  skipName(): void {
    const length = this.unsigned();
    this.offset += length;
  }

  skipLimits(): void {
    const flags = this.byte();
    this.unsigned();
    if (flags & 1) this.unsigned();
  }

  /** Constant expressions of MVP and extended-const modules: constants, global.get, ref.*, integer add/sub/mul. */
  skipConstantExpression(): void {
    for (;;) {
      const opcode = this.byte();
      switch (opcode) {
        case 0x0b: // end
          return;
        case 0x41: // i32.const
        case 0x42: // i64.const
        case 0x23: // global.get
        case 0xd2: // ref.func
          this.unsigned();
          break;
        case 0x43: // f32.const
          this.offset += 4;
          break;
        case 0x44: // f64.const
          this.offset += 8;
          break;
        case 0xd0: // ref.null
          this.byte();
          break;
        case 0x6a: // i32.add
        case 0x6b: // i32.sub
        case 0x6c: // i32.mul
        case 0x7c: // i64.add
        case 0x7d: // i64.sub
        case 0x7e: // i64.mul
          break;
        default:
          throw new Error(`unsupported instruction 0x${opcode.toString(16)} in a global's initial value`);
      }
    }
  }
}

function encodeUnsigned(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return out;
}

function encodeName(name: string): number[] {
  const utf8 = new TextEncoder().encode(name);
  return [...encodeUnsigned(utf8.length), ...utf8];
}
