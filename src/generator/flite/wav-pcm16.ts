/** A decoded mono recording. */
export interface MonoAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/**
 * Decodes a RIFF/WAVE file holding 16-bit little-endian PCM (what flite writes). Multi-channel input is mixed to
 * mono. Walks the chunk list rather than assuming a 44-byte header, because writers may add LIST/fact chunks.
 */
export function decodeWavPcm16(bytes: Uint8Array): MonoAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let channels = 0;
  let sampleRate = 0;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      if (format !== 1 || bitsPerSample !== 16 || channels < 1) {
        throw new Error(`unsupported WAV encoding (format ${format}, ${bitsPerSample} bits, ${channels} channels)`);
      }
    } else if (id === 'data') {
      if (sampleRate === 0) throw new Error('WAV data chunk before fmt chunk');
      // Writers that stream sometimes leave the size at 0 or 0xffffffff: trust the file length then.
      const available = bytes.byteLength - body;
      const dataBytes = size === 0 || size > available ? available : size;
      const frames = Math.floor(dataBytes / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += view.getInt16(body + (i * channels + c) * 2, true);
        samples[i] = sum / channels / 32768;
      }
      return { samples, sampleRate };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}
