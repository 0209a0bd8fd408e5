/** Encodes 20 ms 48 kHz stereo PCM frames to Opus packets with libopus (@discordjs/opus). */
import { createRequire } from 'node:module';
import type { OpusEncoder } from '@discordjs/opus';

const require = createRequire(import.meta.url);
// @discordjs/opus is CommonJS loading a native addon; named ESM imports of it do not resolve.
const opus = require('@discordjs/opus') as { OpusEncoder: new (rate: number, channels: number) => OpusEncoder };

const OPUS_SET_COMPLEXITY_REQUEST = 4010;
const OPUS_SET_SIGNAL_REQUEST = 4024;
const OPUS_SIGNAL_VOICE = 3001;

export interface OpusFrameEncoderSettings {
  readonly bitrate: number;
  readonly complexity: number;
}

export class OpusFrameEncoder {
  #encoder: OpusEncoder | null;

  constructor(settings: OpusFrameEncoderSettings) {
    const encoder = new opus.OpusEncoder(48_000, 2);
    encoder.setBitrate(settings.bitrate);
    encoder.applyEncoderCTL(OPUS_SET_COMPLEXITY_REQUEST, settings.complexity);
    // Tells libopus the input is speech, so it favours its speech coding mode.
    encoder.applyEncoderCTL(OPUS_SET_SIGNAL_REQUEST, OPUS_SIGNAL_VOICE);
    this.#encoder = encoder;
  }

  get released(): boolean {
    return this.#encoder === null;
  }

  encode(pcm: Buffer): Buffer {
    if (this.#encoder === null) throw new Error('OpusFrameEncoder used after release()');
    return this.#encoder.encode(pcm);
  }

  /**
   * Drops the native encoder. @discordjs/opus frees it when the wrapper is garbage collected (it has no explicit
   * destroy), so letting go of the only reference is how it is freed.
   */
  release(): void {
    this.#encoder = null;
  }
}
