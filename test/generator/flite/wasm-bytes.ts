/** Byte builders for the hand-made WebAssembly modules of the flite tests (sizes under 128: one-byte LEB128). */

/** A name as the binary format writes it: its length, then its UTF-8 bytes. */
export const name = (text: string): number[] => [text.length, ...new TextEncoder().encode(text)];

/** A section: its id, its content's length, then the content. */
export const section = (id: number, content: number[]): number[] => [id, content.length, ...content];
