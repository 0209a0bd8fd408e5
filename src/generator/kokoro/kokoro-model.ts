/**
 * The Kokoro ONNX session. Two exports are in the wild and both are accepted:
 *   kokoro-onnx kokoro-v1.0.onnx:   tokens int64 [1, n], style float32 [1, 256], speed float32 [1] -> audio float32
 *   hexgrad/onnx-community export:  input_ids int64 [1, n], style float32 [1, 256], speed int32 or float32 [1]
 * The first output is the 24 kHz waveform; it is flattened whatever its rank.
 */
import ort from 'onnxruntime-node';
import type { EngineOptions } from '../voice-engine.ts';
import { createOnnxSession } from '../onnx-session.ts';
import { STYLE_DIM } from './kokoro-tokens.ts';

type SessionOptions = Pick<EngineOptions, 'executionProviders' | 'intraOpThreads' | 'log'>;

function inputType(session: ort.InferenceSession, name: string): string | undefined {
  const metadata = session.inputMetadata.find((m) => m.name === name);
  return metadata?.isTensor ? metadata.type : undefined;
}

export class KokoroModel {
  readonly #session: ort.InferenceSession;
  readonly #tokensInput: string;
  readonly #speedIsInt: boolean;

  private constructor(session: ort.InferenceSession) {
    const names = session.inputNames;
    const tokensInput = names.includes('tokens') ? 'tokens' : names.includes('input_ids') ? 'input_ids' : undefined;
    if (tokensInput === undefined || !names.includes('style') || !names.includes('speed')) {
      throw new Error(`not a Kokoro model: inputs are ${names.join(', ')} (expected tokens/input_ids, style, speed)`);
    }
    this.#session = session;
    this.#tokensInput = tokensInput;
    this.#speedIsInt = inputType(session, 'speed') === 'int32';
  }

  static async load(path: string, options: SessionOptions): Promise<KokoroModel> {
    const { session } = await createOnnxSession(path, options);
    try {
      return new KokoroModel(session);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /** `tokens` already padded with 0 at both ends; `style` is one 256-value row. */
  async run(tokens: BigInt64Array, style: Float32Array, speed: number): Promise<Float32Array> {
    if (style.length !== STYLE_DIM) throw new Error(`style must have ${STYLE_DIM} values, got ${style.length}`);
    const feeds: Record<string, ort.Tensor> = {
      [this.#tokensInput]: new ort.Tensor('int64', tokens, [1, tokens.length]),
      style: new ort.Tensor('float32', style, [1, STYLE_DIM]),
      speed: this.#speedIsInt
        ? new ort.Tensor('int32', Int32Array.of(Math.max(1, Math.round(speed))), [1])
        : new ort.Tensor('float32', Float32Array.of(speed), [1]),
    };
    const result = await this.#session.run(feeds);
    const audio = result[this.#session.outputNames[0]];
    if (!(audio instanceof ort.Tensor) || !(audio.data instanceof Float32Array)) {
      throw new Error('Kokoro model did not return a float32 waveform');
    }
    return audio.data;
  }

  async release(): Promise<void> {
    await this.#session.release();
  }
}
