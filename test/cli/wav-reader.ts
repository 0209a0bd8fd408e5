/** Minimal reader for the 16-bit PCM WAV files the CLI writes (and opusdec produces), for checks in tests. */
export function readWav16(file: Buffer): { sampleRate: number; channels: number; samples: Float32Array } {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAV file');
  let offset = 12;
  let sampleRate = 0;
  let channels = 0;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      if (file.readUInt16LE(offset + 8) !== 1 || file.readUInt16LE(offset + 22) !== 16) throw new Error('not 16-bit PCM');
      channels = file.readUInt16LE(offset + 10);
      sampleRate = file.readUInt32LE(offset + 12);
    } else if (id === 'data') {
      const count = Math.min(size, file.length - offset - 8) / 2;
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) samples[i] = file.readInt16LE(offset + 8 + i * 2) / 32768;
      return { sampleRate, channels, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('WAV file without data');
}
