/** What Discord does to the bot's audio, for the watermark tests and bench: Opus at a bitrate, decoded back. */
import { FramePacker } from '../../../src/audio/frame-packer.ts';
import { OpusFrameEncoder } from '../../../src/audio/opus-frame-encoder.ts';
import { decodePackets, opusDelaySamples } from '../helpers/opus-decode.ts';

/** 48 kHz mono through a fresh libopus encoder (stereo, as Discord sends) at `bitrate`, decoded, delay removed. */
export function opusRoundTrip(samples: Float32Array, bitrate: number): Float32Array {
  const encoder = new OpusFrameEncoder({ bitrate, complexity: 5 });
  const packer = new FramePacker();
  const frames = packer.push(samples);
  frames.push(...packer.flush(1));
  const { left } = decodePackets(frames.map((frame) => encoder.encode(frame)));
  encoder.release();
  return left.slice(opusDelaySamples, opusDelaySamples + samples.length);
}

/** Deterministic pseudo-random numbers in [0, 1) for crops and noise (the carrier's generator, other seeds). */
export { seededRandom } from '../../../src/audio/watermark/watermark-carrier.ts';
