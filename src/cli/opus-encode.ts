/** Opus encoding for the CLI's Ogg output: 48 kHz mono PCM (from src/audio's pipeline) in, 20 ms packets out. */

/** libopus's lookahead at 48 kHz: the decoder's output lags the input by this much (the Ogg pre-skip). */
const opusPreSkip = 312;

/**
 * 20 ms mono Opus packets at 48 kHz. The input is followed by pre-skip samples of silence so the encoder's lookahead
 * does not swallow the end of the audio; the last frame is padded with silence.
 */
export async function encodeOpusFrames(pcm48k: Float32Array): Promise<Buffer[]> {
  const { OpusEncoder } = (await import('@discordjs/opus')).default;
  const encoder = new OpusEncoder(48000, 1);
  const packets: Buffer[] = [];
  const frame = Buffer.alloc(960 * 2);
  for (let start = 0; start < pcm48k.length + opusPreSkip; start += 960) {
    frame.fill(0);
    for (let i = 0; i < 960 && start + i < pcm48k.length; i++) {
      const s = Math.max(-1, Math.min(1, pcm48k[start + i]));
      frame.writeInt16LE(Math.round(s * 32767), i * 2);
    }
    packets.push(encoder.encode(frame));
  }
  return packets;
}
