/**
 * The `kokoro:<voice>` engine: Kokoro-82M (StyleTTS2 + iSTFTNet) as one ONNX graph, 24 kHz. Text is normalised and
 * phonemised with espeak-ng as Kokoro's own JavaScript pipeline (kokoro-js) does (kokoro-text.ts), mapped through the
 * model's vocab, and each sentence (or batch of at most 510 tokens) is one model call with the voice's style row for
 * that token count. Files: see kokoro-files.ts.
 * Kokoro has no sampling-noise or speaker knobs: noiseScale, noiseWidth and speaker are ignored.
 */
import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { formatVoiceId } from '../registry/voice-id.ts';
import { unknownVoiceError } from '../registry/voice-registry.ts';
import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { EngineFactory, EngineOptions, EngineRequest, VoiceEngine } from '../voice-engine.ts';
import { LazyPhonemizer, loadEspeakPhonemizer } from '../ipa-phonemizer.ts';
import type { PhonemizerLoader } from '../ipa-phonemizer.ts';
import { SPEED } from '../../limits/speech-limits.ts';
import { throwIfAborted } from '../abort.ts';
import { findKokoroFiles, KOKORO_SAMPLE_RATE, kokoroLanguage, loadAllVoicePacks, loadVocab } from './kokoro-files.ts';
import type { KokoroFiles, KokoroLanguage } from './kokoro-files.ts';
import { kokoroBatches } from './kokoro-batches.ts';
import { DEFAULT_KOKORO_VOCAB } from './kokoro-default-vocab.ts';
import { KokoroModel } from './kokoro-model.ts';
import { padTokens, selectStyle } from './kokoro-tokens.ts';
import type { NpyArray } from './npz-reader.ts';

export interface KokoroEngineDependencies {
  readonly loadPhonemizer?: PhonemizerLoader;
}

interface KokoroData {
  readonly files: KokoroFiles;
  readonly vocab: ReadonlyMap<string, number>;
  readonly packs: ReadonlyMap<string, NpyArray>;
}

const FALLBACK_LANGUAGE: KokoroLanguage = { tag: 'en-US', espeakVoice: 'en-us', normalizeEnglish: true };

function checkSpeed(speed: number | undefined): number {
  if (speed === undefined) return 1;
  const { min, max } = SPEED;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < min || speed > max) {
    throw new SpeechError('invalid-parameter', `Speed must be between ${min} and ${max} (got ${String(speed)}).`);
  }
  return speed;
}

class KokoroEngine implements VoiceEngine {
  readonly engine = 'kokoro';
  /** No sampling: the same text gives the same audio, so short phrases may be cached. */
  readonly repeatable = true;
  readonly #options: EngineOptions;
  readonly #phonemizer: LazyPhonemizer;
  #data: Promise<KokoroData | undefined> | undefined;
  #model: Promise<KokoroModel> | undefined;
  readonly #reportedMissing = new Set<string>();

  constructor(options: EngineOptions, dependencies: KokoroEngineDependencies) {
    this.#options = options;
    this.#phonemizer = new LazyPhonemizer(dependencies.loadPhonemizer ?? loadEspeakPhonemizer);
  }

  /** Vocab and style packs, read once; undefined while Kokoro's files are not all on disk (checked again next time). */
  #loadData(): Promise<KokoroData | undefined> {
    if (!this.#data) {
      const loading = (async () => {
        const files = await findKokoroFiles(this.#options.modelsDir);
        if (!files) return undefined;
        const [vocab, packs] = await Promise.all([
          files.config === undefined ? DEFAULT_KOKORO_VOCAB : loadVocab(files.config),
          loadAllVoicePacks(files, (path, reason) => {
            this.#options.log('warn', 'Kokoro voice pack skipped', { path, reason });
          }),
        ]);
        return { files, vocab, packs };
      })();
      this.#data = loading;
      loading.then(
        (data) => {
          if (!data) this.#data = undefined;
        },
        () => {
          this.#data = undefined;
        },
      );
    }
    return this.#data;
  }

  #loadModel(path: string): Promise<KokoroModel> {
    if (!this.#model) {
      const loading = KokoroModel.load(path, this.#options);
      this.#model = loading;
      loading.catch(() => {
        this.#model = undefined;
      });
    }
    return this.#model;
  }

  async listVoices(): Promise<VoiceInfo[]> {
    let data: KokoroData | undefined;
    try {
      data = await this.#loadData();
    } catch (error) {
      this.#options.log('warn', 'Kokoro files are broken; no Kokoro voices', {
        reason: error instanceof Error ? error.message : String(error),
      });
      return [];
    }
    if (!data) return [];
    return [...data.packs.keys()].sort().map((name) => {
      const language = kokoroLanguage(name) ?? FALLBACK_LANGUAGE;
      const gender = name[1] === 'f' ? 'female' : name[1] === 'm' ? 'male' : '';
      return {
        id: `kokoro:${name}`,
        engine: 'kokoro',
        language: language.tag,
        sampleRate: KOKORO_SAMPLE_RATE,
        installed: true,
        license: 'Apache-2.0',
        description: `Kokoro-82M ${gender} voice ${name} (${language.tag})`.replace('  ', ' '),
      };
    });
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const speed = checkSpeed(request.speed);
    throwIfAborted(signal);
    let data: KokoroData | undefined;
    try {
      data = await this.#loadData();
    } catch (error) {
      throw new SpeechError('engine-failed', 'The Kokoro files on this bot are damaged; fetch them again.', { cause: error });
    }
    if (!data) {
      throw new SpeechError(
        'voice-not-installed',
        `Kokoro is not installed on this bot (it needs kokoro-v1.0.onnx and voices-v1.0.bin or voices/<name>.bin packs in voices/kokoro/ of the models folder).`,
      );
    }
    const pack = data.packs.get(request.voiceName);
    if (!pack) {
      const known = [...data.packs.keys()].sort().map((name) => formatVoiceId('kokoro', name));
      throw unknownVoiceError(formatVoiceId('kokoro', request.voiceName), known);
    }
    let model: KokoroModel;
    try {
      model = await this.#loadModel(data.files.model);
    } catch (error) {
      throw new SpeechError('engine-failed', 'The Kokoro model could not be loaded; its file may be damaged.', {
        cause: error,
      });
    }
    const language = kokoroLanguage(request.voiceName) ?? FALLBACK_LANGUAGE;
    const espeakIpa = (words: string) => this.#phonemizer.phonemize(words, language.espeakVoice, request.voice);
    for await (const { ids, missing } of kokoroBatches(request.text, language, data.vocab, espeakIpa)) {
      throwIfAborted(signal);
      this.#reportMissing(missing);
      const samples = await model.run(padTokens(ids), selectStyle(pack, ids.length), speed);
      throwIfAborted(signal);
      yield { samples, sampleRate: KOKORO_SAMPLE_RATE, overlap: 0 };
    }
  }

  #reportMissing(missing: ReadonlyMap<string, number>): void {
    for (const [phoneme, count] of missing) {
      if (this.#reportedMissing.has(phoneme)) continue;
      this.#reportedMissing.add(phoneme);
      this.#options.log('warn', 'phoneme not in the Kokoro vocab, skipped', { phoneme, count });
    }
  }

  async close(): Promise<void> {
    const model = this.#model;
    this.#model = undefined;
    this.#data = undefined;
    await this.#phonemizer.close();
    if (model) await model.then((m) => m.release(), () => undefined);
  }
}

export async function createKokoroEngine(
  options: EngineOptions,
  dependencies: KokoroEngineDependencies = {},
): Promise<VoiceEngine> {
  return new KokoroEngine(options, dependencies);
}

export const createEngine: EngineFactory = (options) => createKokoroEngine(options);
