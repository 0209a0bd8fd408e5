/**
 * The `piper:<voice>` engine: Piper VITS voices (rhasspy/piper-voices) run with onnxruntime-node. Voices are found
 * on disk (see piper-voice-files.ts for the layout); each is loaded once and kept warm. Text is phonemised with
 * espeak-ng, mapped to ids as piper-phonemize does, and synthesised per sentence, streaming decoder chunks when the
 * voice's encoder/decoder split is installed.
 */
import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { formatVoiceId } from '../registry/voice-id.ts';
import { unknownVoiceError } from '../registry/voice-registry.ts';
import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { ChunkPlan, EngineFactory, EngineOptions, EngineRequest, VoiceEngine } from '../voice-engine.ts';
import { LazyPhonemizer, loadEspeakPhonemizer } from '../ipa-phonemizer.ts';
import type { PhonemizerLoader } from '../ipa-phonemizer.ts';
import { espeakSentencesToIds, PIPER_CLAUSES, sentencesToIds } from './phoneme-ids.ts';
import type { SentenceIds } from './phoneme-ids.ts';
import { piperScales, resolveSpeakerId, validatePiperRequest } from './piper-parameters.ts';
import { throwIfAborted } from '../abort.ts';
import { PiperModel } from './piper-model.ts';
import { loadPiperVoiceConfig } from './piper-voice-config.ts';
import type { PiperVoiceConfig } from './piper-voice-config.ts';
import { findPiperVoiceFiles, isInstalled, listPiperVoiceFiles, readModelCardLicense } from './piper-voice-files.ts';
import type { PiperVoiceFiles } from './piper-voice-files.ts';

export interface PiperEngineDependencies {
  /** Where espeak IPA comes from; defaults to src/text/espeak-phonemizer.ts. */
  readonly loadPhonemizer?: PhonemizerLoader;
}

interface LoadedVoice {
  readonly config: PiperVoiceConfig;
  readonly model: PiperModel;
}

/**
 * Decoder windows of 256 latent frames (3 s) once streaming has started: the 2 x 16 context frames then cost 12 %
 * instead of 25 % at 128 or 50 % at 64 (8 requests on 2 cores, medium graph: CPU RTF 0.12 vs 0.13 vs 0.17). The
 * first window stays at 12 frames and the next ones double, so each decoder call is shorter than the audio before it.
 */
export const RECOMMENDED_PIPER_CHUNK_PLAN: ChunkPlan = {
  firstChunkFrames: 12,
  chunkFrames: 256,
  contextFrames: 16,
  overlapSeconds: 0.01,
  growth: 2,
};

function describe(name: string, config: PiperVoiceConfig): string {
  const language = config.languageName ?? config.language ?? 'unknown language';
  const speakers = config.numSpeakers > 1 ? `, ${config.numSpeakers} speakers` : '';
  return `Piper ${config.quality ?? ''} voice ${name} (${language}${speakers})`.replace('  ', ' ');
}

function speakerNames(config: PiperVoiceConfig): string[] | undefined {
  if (config.numSpeakers <= 1) return undefined;
  if (config.speakerIdMap.size === 0) return Array.from({ length: config.numSpeakers }, (_, id) => String(id));
  return [...config.speakerIdMap].sort((a, b) => a[1] - b[1]).map(([name]) => name);
}

class PiperEngine implements VoiceEngine {
  readonly engine = 'piper';
  readonly chunkPlan = RECOMMENDED_PIPER_CHUNK_PLAN;
  readonly #options: EngineOptions;
  readonly #phonemizer: LazyPhonemizer;
  readonly #voices = new Map<string, Promise<LoadedVoice>>();
  readonly #reportedMissing = new Set<string>();

  constructor(options: EngineOptions, dependencies: PiperEngineDependencies) {
    this.#options = options;
    this.#phonemizer = new LazyPhonemizer(dependencies.loadPhonemizer ?? loadEspeakPhonemizer);
  }

  async listVoices(): Promise<VoiceInfo[]> {
    const voices: VoiceInfo[] = [];
    for (const files of await listPiperVoiceFiles(this.#options.modelsDir)) {
      if (!isInstalled(files)) continue;
      try {
        voices.push(await this.#voiceInfo(files));
      } catch (error) {
        // One broken download must not hide the other voices.
        this.#options.log('warn', 'skipping Piper voice with a broken config', {
          voice: files.name,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return voices;
  }

  async #voiceInfo(files: PiperVoiceFiles): Promise<VoiceInfo> {
    const config = await loadPiperVoiceConfig(files.config);
    return {
      id: `piper:${files.name}`,
      engine: 'piper',
      language: config.language ?? files.name.split('-')[0].replace('_', '-'),
      sampleRate: config.sampleRate,
      installed: true,
      license: (await readModelCardLicense(files)) ?? 'see the voice MODEL_CARD',
      description: describe(files.name, config),
      speakers: speakerNames(config),
    };
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    validatePiperRequest(request);
    throwIfAborted(signal);
    const voiceId = `piper:${request.voiceName}`;
    const voice = await this.#loadVoice(request.voiceName);
    const scales = piperScales(voice.config, request);
    const speakerId = resolveSpeakerId(voice.config, voiceId, request.speaker);
    const { sentences, missing } = await this.#sentenceIds(voice.config, voiceId, request.text);
    this.#reportMissing(voiceId, missing);
    for (const ids of sentences) {
      throwIfAborted(signal);
      yield* voice.model.synthesize({ ids, scales, speakerId }, request.chunkPlan, signal);
    }
  }

  async #sentenceIds(config: PiperVoiceConfig, voiceId: string, text: string): Promise<SentenceIds> {
    if (config.phonemeType === 'text') return sentencesToIds([text], config);
    const sentences = await this.#phonemizer.phonemize(text, config.espeakVoice ?? 'en-us', voiceId, PIPER_CLAUSES);
    return espeakSentencesToIds(sentences, config);
  }

  /** Logs each unknown phoneme once per voice: a voice trained without it will never learn it. */
  #reportMissing(voiceId: string, missing: ReadonlyMap<string, number>): void {
    for (const [phoneme, count] of missing) {
      const key = `${voiceId}\u0000${phoneme}`;
      if (this.#reportedMissing.has(key)) continue;
      this.#reportedMissing.add(key);
      this.#options.log('warn', 'phoneme not in the voice, skipped', { voice: voiceId, phoneme, count });
    }
  }

  #loadVoice(name: string): Promise<LoadedVoice> {
    const cached = this.#voices.get(name);
    if (cached) return cached;
    const loading = this.#openVoice(name);
    this.#voices.set(name, loading);
    // A failed load is forgotten so the voice can be retried after its files are fixed.
    loading.catch(() => this.#voices.delete(name));
    return loading;
  }

  async #openVoice(name: string): Promise<LoadedVoice> {
    const voiceId = formatVoiceId('piper', name);
    const files = await findPiperVoiceFiles(this.#options.modelsDir, name);
    if (!files) {
      const installed = (await listPiperVoiceFiles(this.#options.modelsDir)).filter(isInstalled).map((f) => formatVoiceId('piper', f.name));
      throw unknownVoiceError(voiceId, installed);
    }
    if (!isInstalled(files)) {
      throw new SpeechError('voice-not-installed', `The model file of ${voiceId} is missing; fetch the voice again.`);
    }
    let config: PiperVoiceConfig;
    try {
      config = await loadPiperVoiceConfig(files.config);
    } catch (error) {
      throw new SpeechError('engine-failed', `${voiceId} has a broken config file; fetch the voice again.`, {
        cause: error,
      });
    }
    try {
      const model = await PiperModel.load(files, config.sampleRate, this.#options);
      this.#options.log('info', 'Piper voice loaded', { voice: voiceId, streaming: model.streaming });
      return { config, model };
    } catch (error) {
      throw new SpeechError('engine-failed', `${voiceId} could not be loaded; its model file may be damaged.`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    const loads = [...this.#voices.values()];
    this.#voices.clear();
    const settled = await Promise.allSettled(loads);
    await this.#phonemizer.close();
    await Promise.all(settled.map((result) => (result.status === 'fulfilled' ? result.value.model.release() : null)));
  }
}

export async function createPiperEngine(
  options: EngineOptions,
  dependencies: PiperEngineDependencies = {},
): Promise<VoiceEngine> {
  return new PiperEngine(options, dependencies);
}

export const createEngine: EngineFactory = (options) => createPiperEngine(options);
