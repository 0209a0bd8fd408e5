/**
 * Rewrites a WebAssembly binary so that every mutable global it defines is also exported. A C program compiled for
 * WASI keeps its stack pointer in such a global, which the module does not export; a host that wants to run the
 * program again in the same instance must put that global back as it was, so it must be able to reach it.
 * Nothing else in the module changes: the export section gets extra entries named `prefix + index`.
 */
import { assertWasm, encodeSection, encodeUnsigned, EXTERNAL_KIND, PREAMBLE_LENGTH, Reader, readImports, readSections, SECTION } from './wasm-binary.ts';
import type { Section } from './wasm-binary.ts';

export interface GlobalExports {
  readonly bytes: Uint8Array;
  /** Export names of the mutable globals, in index order. */
  readonly names: readonly string[];
}

export function exportMutableGlobals(module: Uint8Array, prefix = '__mutable_global_'): GlobalExports {
  assertWasm(module);
  const sections = readSections(module);
  const importedGlobals = readImports(module, sections).filter((i) => i.kind === EXTERNAL_KIND.global).length;
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
  const newSection = encodeSection(SECTION.export, content);

  // The export section sits after the global section (or the import section, or the preamble) when it is new.
  const before = exportSection ?? sections.filter((s) => s.id !== 0 && s.id < SECTION.export).at(-1);
  const cutStart = exportSection ? exportSection.start : (before?.end ?? PREAMBLE_LENGTH);
  const cutEnd = exportSection ? exportSection.end : cutStart;
  return { bytes: Buffer.concat([module.subarray(0, cutStart), newSection, module.subarray(cutEnd)]), names };
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

function encodeName(name: string): number[] {
  const utf8 = new TextEncoder().encode(name);
  return [...encodeUnsigned(utf8.length), ...utf8];
}
