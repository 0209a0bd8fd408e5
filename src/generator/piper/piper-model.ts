/**
 * One loaded Piper voice: its ONNX session(s) and the streaming loop. With the encoder/decoder split on disk the
 * encoder runs once per sentence and the decoder runs over windows of latent frames (small first window so audio
 * starts early); otherwise the full model makes the whole sentence in one call.
 */
import ort from 'onnxruntime-node';
import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { throwIfAborted } from '../abort.ts';
import { createOnnxSession } from '../onnx-session.ts';
import type { ChunkPlan, EngineOptions, ExecutionProviderName } from '../voice-engine.ts';
import { keepWindowSamples, planDecoderWindows, sliceFrames } from './decoder-windows.ts';
import type { PiperScales } from './piper-parameters.ts';
import type { PiperVoiceFiles } from './piper-voice-files.ts';

export interface PiperSynthesisInput {
  readonly ids: readonly number[];
  readonly scales: PiperScales;
  /** Used only when the model has a `sid` input (multi-speaker voices). */
  readonly speakerId: number;
}

type SessionOptions = Pick<EngineOptions, 'executionProviders' | 'intraOpThreads' | 'log'>;

/** Feeds for Piper's text-side inputs, shared by the full model and the encoder. */
function textFeeds(session: ort.InferenceSession, input: PiperSynthesisInput): Record<string, ort.Tensor> {
  const ids = BigInt64Array.from(input.ids, (id) => BigInt(id));
  const feeds: Record<string, ort.Tensor> = {
    input: new ort.Tensor('int64', ids, [1, ids.length]),
    input_lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length)), [1]),
    scales: new ort.Tensor('float32', Float32Array.from(input.scales), [3]),
  };
  if (session.inputNames.includes('sid')) {
    feeds.sid = new ort.Tensor('int64', BigInt64Array.of(BigInt(input.speakerId)), [1]);
  }
  return feeds;
}

function floatOutput(value: ort.OnnxValue | undefined, what: string): Float32Array {
  if (!(value instanceof ort.Tensor) || !(value.data instanceof Float32Array)) {
    throw new Error(`Piper ${what} did not return a float32 tensor`);
  }
  return value.data;
}

export class PiperModel {
  readonly sampleRate: number;
  readonly provider: ExecutionProviderName;
  readonly #full: ort.InferenceSession | undefined;
  readonly #encoder: ort.InferenceSession | undefined;
  readonly #decoder: ort.InferenceSession | undefined;

  private constructor(
    sampleRate: number,
    provider: ExecutionProviderName,
    sessions: { full?: ort.InferenceSession; encoder?: ort.InferenceSession; decoder?: ort.InferenceSession },
  ) {
    this.sampleRate = sampleRate;
    this.provider = provider;
    this.#full = sessions.full;
    this.#encoder = sessions.encoder;
    this.#decoder = sessions.decoder;
  }

  /** Prefers the streaming split; the full model is not loaded then, which saves its memory. */
  static async load(files: PiperVoiceFiles, sampleRate: number, options: SessionOptions): Promise<PiperModel> {
    if (files.encoder !== undefined && files.decoder !== undefined) {
      const encoder = await createOnnxSession(files.encoder, options);
      try {
        const decoder = await createOnnxSession(files.decoder, options);
        return new PiperModel(sampleRate, decoder.provider, { encoder: encoder.session, decoder: decoder.session });
      } catch (error) {
        await encoder.session.release();
        throw error;
      }
    }
    if (files.model === undefined) throw new Error(`Piper voice ${files.name} has no model file`);
    const full = await createOnnxSession(files.model, options);
    return new PiperModel(sampleRate, full.provider, { full: full.session });
  }

  get streaming(): boolean {
    return this.#encoder !== undefined;
  }

  async *synthesize(input: PiperSynthesisInput, plan: ChunkPlan, signal: AbortSignal): AsyncGenerator<AudioChunk> {
    throwIfAborted(signal);
    if (this.#encoder && this.#decoder) {
      yield* this.#streamDecoded(this.#encoder, this.#decoder, input, plan, signal);
      return;
    }
    if (!this.#full) throw new Error('Piper model has no session');
    const result = await this.#full.run(textFeeds(this.#full, input));
    throwIfAborted(signal);
    yield { samples: floatOutput(result[this.#full.outputNames[0]], 'model'), sampleRate: this.sampleRate, overlap: 0 };
  }

  async *#streamDecoded(
    encoder: ort.InferenceSession,
    decoder: ort.InferenceSession,
    input: PiperSynthesisInput,
    plan: ChunkPlan,
    signal: AbortSignal,
  ): AsyncGenerator<AudioChunk> {
    const encoded = await encoder.run(textFeeds(encoder, input));
    throwIfAborted(signal);
    const z = encoded.z;
    const yMask = encoded.y_mask;
    if (!(z instanceof ort.Tensor) || z.dims.length !== 3 || !(yMask instanceof ort.Tensor)) {
      throw new Error('Piper encoder did not return z [1, channels, frames] and y_mask');
    }
    const channels = z.dims[1];
    const totalFrames = z.dims[2];
    const zData = floatOutput(z, 'encoder z');
    const maskData = floatOutput(yMask, 'encoder y_mask');
    // Multi-speaker voices hand the speaker embedding g from encoder to decoder.
    const g = decoder.inputNames.includes('g') ? encoded.g : undefined;
    const overlapSamples = plan.overlapSeconds * this.sampleRate;

    for (const window of planDecoderWindows(totalFrames, plan)) {
      const width = window.contextEnd - window.contextStart;
      const feeds: Record<string, ort.OnnxValue> = {
        z: new ort.Tensor(
          'float32',
          sliceFrames(zData, channels, totalFrames, window.contextStart, window.contextEnd),
          [1, channels, width],
        ),
        y_mask: new ort.Tensor('float32', maskData.slice(window.contextStart, window.contextEnd), [1, 1, width]),
      };
      if (g !== undefined) feeds.g = g;
      const decoded = await decoder.run(feeds);
      throwIfAborted(signal);
      const audio = floatOutput(decoded[decoder.outputNames[0]], 'decoder');
      const samplesPerFrame = audio.length / width;
      if (!Number.isInteger(samplesPerFrame)) {
        throw new Error(`Piper decoder returned ${audio.length} samples for ${width} frames`);
      }
      const kept = keepWindowSamples(audio, window, samplesPerFrame, overlapSamples);
      yield { samples: kept.samples, sampleRate: this.sampleRate, overlap: kept.overlap };
    }
  }

  async release(): Promise<void> {
    await Promise.all([this.#full, this.#encoder, this.#decoder].map((session) => session?.release()));
  }
}
