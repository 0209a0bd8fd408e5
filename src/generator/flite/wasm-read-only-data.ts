/**
 * Where a module's read-only data lies in its linear memory: the active data segment that the name section calls
 * `.rodata` (LLVM's wasm-ld names each segment after the output section it holds). C code never writes there, so a
 * host that puts an instance back to its first state between runs can leave that range alone. Undefined when the
 * module does not say (no name section, no such segment, or an offset that is not a constant).
 */
import { assertWasm, Reader, readSections, SECTION } from './wasm-binary.ts';
import type { Section } from './wasm-binary.ts';

export interface MemoryRange {
  /** First byte. */
  readonly start: number;
  /** Just past the last byte. */
  readonly end: number;
}

const DATA_SEGMENT_NAMES = 9; // name section subsection
const I32_CONST = 0x41;
const END = 0x0b;

export function readOnlyDataRange(module: Uint8Array, segmentName = '.rodata'): MemoryRange | undefined {
  assertWasm(module);
  const sections = readSections(module);
  const names = sections.filter((s) => s.id === SECTION.custom).map((s) => dataSegmentNames(module, s)).find((n) => n !== undefined);
  const index = names === undefined ? undefined : [...names].find(([, name]) => name === segmentName)?.[0];
  const data = sections.find((s) => s.id === SECTION.data);
  if (index === undefined || data === undefined) return undefined;
  return activeSegments(module, data).get(index);
}

/** Segment index -> name, from a custom section if it is the name section and has data segment names. */
function dataSegmentNames(module: Uint8Array, section: Section): Map<number, string> | undefined {
  const reader = new Reader(module, section.contentStart);
  if (reader.name() !== 'name') return undefined;
  while (reader.offset < section.end) {
    const id = reader.byte();
    const size = reader.unsigned();
    const end = reader.offset + size;
    if (id === DATA_SEGMENT_NAMES) {
      const names = new Map<number, string>();
      for (let i = reader.unsigned(); i > 0; i--) names.set(reader.unsigned(), reader.name());
      return names;
    }
    reader.offset = end;
  }
  return undefined;
}

/** Segment index -> memory range, for the active segments of memory 0 placed at a constant offset. */
function activeSegments(module: Uint8Array, section: Section): Map<number, MemoryRange> {
  const reader = new Reader(module, section.contentStart);
  const ranges = new Map<number, MemoryRange>();
  const count = reader.unsigned();
  for (let index = 0; index < count; index++) {
    const flags = reader.unsigned();
    if (flags > 2) throw new Error(`unknown data segment kind ${flags}`);
    const memory = flags === 2 ? reader.unsigned() : 0;
    const offset = flags === 1 ? undefined : constantOffset(reader); // 1: passive, placed by memory.init
    const length = reader.unsigned();
    if (offset !== undefined && memory === 0) ranges.set(index, { start: offset, end: offset + length });
    reader.offset += length;
  }
  return ranges;
}

/** N for the expression `i32.const N end` (positive signed LEB128 reads as unsigned); undefined for any other. */
function constantOffset(reader: Reader): number | undefined {
  const start = reader.offset;
  if (reader.byte() === I32_CONST) {
    const value = reader.unsigned();
    if (reader.byte() === END) return value;
  }
  reader.offset = start;
  reader.skipConstantExpression();
  return undefined;
}
