/**
 * Rewrites flite.wasm so that audio streamed by flite reaches the host while flite is still making it. With `-o stream`
 * flite hands every 20 ms it synthesises to `audio_stream_chunk`, which writes them to the audio device; this build's
 * device is `none`, whose `audio_write_none(device, samples, bytes)` throws them away. Its body becomes a call of the
 * WASI import `fd_write(audioFd, samples, bytes, 0)`: an fd no file has, with a pointer and a length where fd_write
 * takes an iovec list, so the host's fd_write tells these writes apart by the fd and reads 16-bit samples straight from
 * memory. Reusing an import that the module already has keeps every function index as it was; only that one body
 * changes, and only runs with `-o stream` reach it.
 */
import {
  assertWasm,
  encodeSection,
  encodeSigned,
  encodeUnsigned,
  EXTERNAL_KIND,
  NAME_SUBSECTION,
  nameMap,
  Reader,
  readImports,
  readSections,
  SECTION,
} from './wasm-binary.ts';
import type { Section } from './wasm-binary.ts';

const HOOKED_FUNCTION = 'audio_write_none';
const I32 = 0x7f;
const OP = { localGet: 0x20, i32Const: 0x41, call: 0x10, drop: 0x1a, end: 0x0b } as const;

export function hookStreamedAudio(module: Uint8Array, audioFd: number): Uint8Array {
  assertWasm(module);
  const sections = readSections(module);
  const functionImports = readImports(module, sections).filter((i) => i.kind === EXTERNAL_KIND.function);
  const fdWrite = functionImports.findIndex((i) => i.module === 'wasi_snapshot_preview1' && i.name === 'fd_write');
  if (fdWrite < 0) throw new Error('flite.wasm does not import fd_write');
  const names = nameMap(module, sections, NAME_SUBSECTION.functions) ?? new Map<number, string>();
  const target = [...names].find(([, name]) => name === HOOKED_FUNCTION)?.[0];
  if (target === undefined) throw new Error(`flite.wasm names no function ${HOOKED_FUNCTION}`);
  const defined = target - functionImports.length;
  if (defined < 0) throw new Error(`${HOOKED_FUNCTION} is imported, not defined`);
  assertSignature(module, sections, defined);

  // (device, samples, bytes) -> bytes: fd_write(audioFd, samples, bytes, 0), its errno dropped.
  const body = [
    0, // no locals
    OP.i32Const, ...encodeSigned(audioFd),
    OP.localGet, 1,
    OP.localGet, 2,
    OP.i32Const, 0,
    OP.call, ...encodeUnsigned(fdWrite),
    OP.drop,
    OP.localGet, 2,
    OP.end,
  ];
  return replaceFunctionBody(module, sections, defined, body);
}

/** The hooked function must be (i32, i32, i32) -> i32, as au_none.c declares it; anything else is another build. */
function assertSignature(module: Uint8Array, sections: readonly Section[], defined: number): void {
  const functions = sections.find((s) => s.id === SECTION.function);
  const types = sections.find((s) => s.id === SECTION.type);
  if (!functions || !types) throw new Error('flite.wasm has no function or type section');
  const reader = new Reader(module, functions.contentStart);
  if (defined >= reader.unsigned()) throw new Error(`function ${defined} is past the function section`);
  for (let i = 0; i < defined; i++) reader.unsigned();
  const typeIndex = reader.unsigned();

  const typeReader = new Reader(module, types.contentStart);
  if (typeIndex >= typeReader.unsigned()) throw new Error(`type ${typeIndex} is past the type section`);
  let signature: { params: number[]; results: number[] } | undefined;
  for (let i = 0; i <= typeIndex; i++) {
    if (typeReader.byte() !== 0x60) throw new Error('the type section holds a type that is not a function type');
    const params = Array.from({ length: typeReader.unsigned() }, () => typeReader.byte());
    const results = Array.from({ length: typeReader.unsigned() }, () => typeReader.byte());
    signature = { params, results };
  }
  const ok = signature !== undefined && signature.params.length === 3 && signature.params.every((t) => t === I32)
    && signature.results.length === 1 && signature.results[0] === I32;
  if (!ok) throw new Error(`${HOOKED_FUNCTION} is not (i32, i32, i32) -> i32 in this flite.wasm`);
}

function replaceFunctionBody(module: Uint8Array, sections: readonly Section[], defined: number, body: readonly number[]): Uint8Array {
  const code = sections.find((s) => s.id === SECTION.code);
  if (!code) throw new Error('flite.wasm has no code section');
  const reader = new Reader(module, code.contentStart);
  const count = reader.unsigned();
  if (defined >= count) throw new Error(`function ${defined} is past the code section`);
  for (let i = 0; i < defined; i++) reader.offset = reader.unsigned() + reader.offset;
  const bodyStart = reader.offset;
  const bodyEnd = reader.unsigned() + reader.offset;
  const content = Buffer.concat([
    module.subarray(code.contentStart, bodyStart),
    Uint8Array.from([...encodeUnsigned(body.length), ...body]),
    module.subarray(bodyEnd, code.end),
  ]);
  return Buffer.concat([module.subarray(0, code.start), encodeSection(SECTION.code, content), module.subarray(code.end)]);
}
