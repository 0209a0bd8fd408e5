/**
 * Kokoro's own JavaScript pipeline (the kokoro-js npm package, a test-only dependency) as the reference for the
 * engine's text side. Its public API is driven with the two parts that would come from the network replaced:
 *   - the tokenizer (onnx-community/Kokoro-82M-v1.0-ONNX tokenizer.json, not shipped in the package) by a stand-in
 *     that records the phoneme string kokoro-js made and maps it one code point at a time through Kokoro's vocab,
 *     dropping symbols the vocab lacks and framing the ids with the 0 pad, as the Python `kokoro` package does
 *     (kokoro/model.py); that the hub's tokenizer.json does the same is assumed, not checked (it is not in the
 *     package). Like `truncation: true` with a 512-token limit (assumed too) it keeps at most 510 ids;
 *   - the model by a stand-in that records the style row kokoro-js picked from its real voice pack and the ids.
 * Everything else is kokoro-js's code: sentence splitting (TextSplitterStream), text normalisation, the phonemizer
 * (espeak-ng in WebAssembly, the `phonemizer` package), the IPA clean-up and the voice-pack row selection.
 *
 * Importing kokoro-js loads @huggingface/transformers and with it its own onnxruntime-node, which cannot share a
 * process with the bot's onnxruntime-node: tests that also run an ONNX model use kokoro-js-reference-process.ts.
 */
import { KokoroTTS, TextSplitterStream } from 'kokoro-js';

export interface ReferenceCall {
  readonly sentence: string;
  readonly phonemes: string;
  /** Token ids without the pads. */
  readonly ids: number[];
  readonly style: Float32Array;
}

const MAX_IDS = 510;

interface IdsTensor {
  readonly dims: number[];
  readonly data: BigInt64Array;
}

type ReferenceModel = ConstructorParameters<typeof KokoroTTS>[0];
type ReferenceTokenizer = ConstructorParameters<typeof KokoroTTS>[1];

export class KokoroJsReference {
  readonly #tts: KokoroTTS;
  readonly #calls: { phonemes?: string; ids?: number[]; style?: Float32Array }[] = [];

  constructor(vocab: ReadonlyMap<string, number>) {
    const calls = this.#calls;
    const tokenizer = (phonemes: string): { input_ids: IdsTensor } => {
      const ids: number[] = [];
      for (const symbol of phonemes) {
        const id = vocab.get(symbol);
        if (id !== undefined) ids.push(id);
      }
      const kept = ids.slice(0, MAX_IDS);
      calls.push({ phonemes, ids: kept });
      return { input_ids: { dims: [1, kept.length + 2], data: BigInt64Array.from([0, ...kept, 0], BigInt) } };
    };
    const model = async (inputs: { style: { data: Float32Array } }): Promise<{ waveform: { data: Float32Array } }> => {
      calls[calls.length - 1].style = Float32Array.from(inputs.style.data);
      return { waveform: { data: new Float32Array(1) } };
    };
    this.#tts = new KokoroTTS(model as unknown as ReferenceModel, tokenizer as unknown as ReferenceTokenizer);
  }

  /** The model calls kokoro-js makes for `text` with `voice` (its stream(): one per sentence). */
  async calls(text: string, voice: string): Promise<ReferenceCall[]> {
    this.#calls.length = 0;
    const splitter = new TextSplitterStream();
    splitter.push(text);
    splitter.close();
    const result: ReferenceCall[] = [];
    type Voice = NonNullable<Parameters<KokoroTTS['stream']>[1]>['voice'];
    for await (const { text: sentence } of this.#tts.stream(splitter, { voice: voice as Voice })) {
      const call = this.#calls.at(-1);
      if (call?.phonemes === undefined || call.ids === undefined || call.style === undefined) {
        throw new Error('kokoro-js made a model call the stand-ins did not see');
      }
      result.push({ sentence, phonemes: call.phonemes, ids: call.ids, style: call.style });
    }
    return result;
  }
}
