/**
 * Decodes the 16-bit mono PCM WAV file espeak-ng's `-w` writes into float samples in [-1, 1). Walks the chunk list
 * instead of trusting a 44-byte header, and trusts the file length when the data size field is unset.
 */
export function decodePcm16Wav(bytes: Uint8Array): { samples: Float32Array; sampleRate: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let sampleRate = 0;
  let channels = 0;
  for (let offset = 12; offset + 8 <= bytes.byteLength; ) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      const format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      if (format !== 1 || view.getUint16(body + 14, true) !== 16 || channels < 1) {
        throw new Error('unsupported WAV encoding: expected 16-bit PCM');
      }
    } else if (id === 'data') {
      if (sampleRate === 0) throw new Error('WAV data before its format');
      const available = bytes.byteLength - body;
      const dataBytes = size === 0 || size > available ? available : size;
      const frames = Math.floor(dataBytes / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += view.getInt16(body + 2 * (i * channels + c), true);
        samples[i] = sum / channels / 32768;
      }
      return { samples, sampleRate };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data');
}
