/**
 * Where a module's read-only data lies in its linear memory: the active data segment that the name section calls
 * `.rodata` (LLVM's wasm-ld names each segment after the output section it holds). C code never writes there, so a
 * host that puts an instance back to its first state between runs can leave that range alone. Undefined when the
 * module does not say (no name section, no such segment, or an offset that is not a constant).
 */
import { assertWasm, NAME_SUBSECTION, nameMap, Reader, readSections, SECTION } from './wasm-binary.ts';
import type { Section } from './wasm-binary.ts';

export interface MemoryRange {
  /** First byte. */
  readonly start: number;
  /** Just past the last byte. */
  readonly end: number;
}

const I32_CONST = 0x41;
const END = 0x0b;

export function readOnlyDataRange(module: Uint8Array, segmentName = '.rodata'): MemoryRange | undefined {
  assertWasm(module);
  const sections = readSections(module);
  const names = nameMap(module, sections, NAME_SUBSECTION.dataSegments);
  const index = names === undefined ? undefined : [...names].find(([, name]) => name === segmentName)?.[0];
  const data = sections.find((s) => s.id === SECTION.data);
  if (index === undefined || data === undefined) return undefined;
  return activeSegments(module, data).get(index);
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
