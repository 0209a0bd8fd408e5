/**
 * Reading WebAssembly binaries: the section layout and a LEB128 reader, shared by the rewrites and lookups that the
 * flite host does on flite.wasm before compiling it.
 */

export const PREAMBLE_LENGTH = 8; // "\0asm" and the version
export const SECTION = { custom: 0, type: 1, import: 2, function: 3, global: 6, export: 7, code: 10, data: 11 } as const;

export function assertWasm(module: Uint8Array): void {
  if (module.length < PREAMBLE_LENGTH || module[0] !== 0 || module[1] !== 0x61 || module[2] !== 0x73 || module[3] !== 0x6d) {
    throw new Error('not a WebAssembly binary');
  }
}

export interface Section {
  readonly id: number;
  /** Offset of the section id byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the section. */
  readonly end: number;
}

export function readSections(module: Uint8Array): Section[] {
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

export class Reader {
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

  /**
   * LEB128, unsigned or signed alike: a skip needs only its length, sizes and counts fit 32 bits, and a non-negative
   * signed value (a data segment's offset) reads the same as unsigned.
   */
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
          throw new Error(`unsupported instruction 0x${opcode.toString(16)} in a constant expression (a global's initial value or a data segment's offset)`);
      }
    }
  }
}

export const EXTERNAL_KIND = { function: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly kind: number;
}

/** The import section's entries, in order (imported functions and globals come first in their index spaces). */
export function readImports(module: Uint8Array, sections: readonly Section[]): Import[] {
  const section = sections.find((s) => s.id === SECTION.import);
  if (!section) return [];
  const reader = new Reader(module, section.contentStart);
  const imports: Import[] = [];
  for (let i = reader.unsigned(); i > 0; i--) {
    const from = reader.name();
    const name = reader.name();
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
        break;
      case EXTERNAL_KIND.tag:
        reader.byte();
        reader.unsigned();
        break;
      default:
        throw new Error(`unknown import kind ${kind}`);
    }
    imports.push({ module: from, name, kind });
  }
  return imports;
}

/** Signed LEB128, as i32.const takes its operand. */
export function encodeSigned(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
    out.push(done ? low : low | 0x80);
    if (done) return out;
  }
}

/** Subsections of the name section that map indices to names. */
export const NAME_SUBSECTION = { functions: 1, dataSegments: 9 } as const;

/**
 * One of the name section's index -> name maps (NAME_SUBSECTION), from the first name section that has it; undefined
 * when none does (a module built without names).
 */
export function nameMap(module: Uint8Array, sections: readonly Section[], subsection: number): Map<number, string> | undefined {
  for (const section of sections) {
    if (section.id !== SECTION.custom) continue;
    const reader = new Reader(module, section.contentStart);
    if (reader.name() !== 'name') continue;
    while (reader.offset < section.end) {
      const id = reader.byte();
      const end = reader.unsigned() + reader.offset;
      if (id === subsection) {
        const names = new Map<number, string>();
        for (let i = reader.unsigned(); i > 0; i--) names.set(reader.unsigned(), reader.name());
        return names;
      }
      reader.offset = end;
    }
  }
  return undefined;
}

/** A whole section: its id, its content's length, the content. */
export function encodeSection(id: number, content: Uint8Array): Buffer {
  return Buffer.concat([Uint8Array.from([id, ...encodeUnsigned(content.length)]), content]);
}

export function encodeUnsigned(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return out;
}
