import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { EspeakWasm } from '../../text/espeak-wasm.ts';
import { throwIfAborted } from '../abort.ts';
import { formatVoiceId } from '../registry/voice-id.ts';
import { unknownVoiceError } from '../registry/voice-registry.ts';
import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { EngineFactory, EngineOptions, EngineRequest, VoiceEngine } from '../voice-engine.ts';
import { rateForSpeed } from './espeak-rate.ts';
import { bcp47Of, parseVoiceTable, variantNames, withLanguageAliases } from './espeak-voices.ts';
import type { EspeakVoiceEntry } from './espeak-voices.ts';
import { decodeWavMono } from '../../audio/wav.ts';

/** espeak-ng's output rate. */
export const ESPEAK_SAMPLE_RATE = 22050;
/** One ChunkPlan frame: a 256-sample hop at 22.05 kHz (11.6 ms), the unit every 22 kHz engine here uses. */
export const ESPEAK_FRAME_SAMPLES = 256;
const LICENSE = 'GPL-3.0-or-later';
const wavPath = '/tmp/speech.wav';

/**
 * `espeak:<language>`: espeak-ng's own formant voices for 100+ languages, from its WebAssembly build. A sentence is
 * synthesised whole (a few tens of ms) and handed out in ChunkPlan-sized slices: the first small, the rest larger,
 * overlap 0 because consecutive slices are contiguous audio. `<language>+<variant>` (e.g. `en-us+f3`) picks one of
 * espeak-ng's voice variants.
 */
class EspeakEngine implements VoiceEngine {
  readonly engine = 'espeak';
  /** No sampling: the same text gives the same audio, so short phrases may be cached. */
  readonly repeatable = true;
  #espeak: EspeakWasm;
  readonly #languages: ReadonlyMap<string, EspeakVoiceEntry>;
  readonly #variants: ReadonlyMap<string, string>;
  readonly #log: EngineOptions['log'];

  constructor(espeak: EspeakWasm, languages: readonly EspeakVoiceEntry[], variants: readonly string[], log: EngineOptions['log']) {
    this.#espeak = espeak;
    this.#languages = new Map(languages.map((entry) => [entry.code.toLowerCase(), entry]));
    this.#variants = new Map(variants.map((name) => [name.toLowerCase(), name]));
    this.#log = log;
  }

  async listVoices(): Promise<VoiceInfo[]> {
    return [...this.#languages.values()].map((entry) => ({
      id: `espeak:${entry.code}`,
      engine: 'espeak',
      language: bcp47Of(entry.code),
      sampleRate: ESPEAK_SAMPLE_RATE,
      installed: true,
      license: LICENSE,
      description: `espeak-ng ${entry.name}`,
    }));
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const voice = this.#resolveVoice(request.voiceName);
    const rate = rateForSpeed(request.speed);
    const text = request.text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
    if (text === '') throw new SpeechError('empty-text', 'There is nothing to say.');
    throwIfAborted(signal);

    const samples = await this.#speak(text, voice, rate);
    const plan = request.chunkPlan;
    const first = Math.max(1, Math.round(plan.firstChunkFrames)) * ESPEAK_FRAME_SAMPLES;
    const later = Math.max(1, Math.round(plan.chunkFrames)) * ESPEAK_FRAME_SAMPLES;
    for (let start = 0; start < samples.length; ) {
      throwIfAborted(signal);
      const end = Math.min(samples.length, start + (start === 0 ? first : later));
      yield { samples: samples.slice(start, end), sampleRate: ESPEAK_SAMPLE_RATE, overlap: 0 };
      start = end;
    }
  }

  async close(): Promise<void> {
    this.#espeak.close();
  }

  /** `en-US`, `en-us` and `en-us+f3` are accepted; the result is what espeak-ng's `-v` expects. */
  #resolveVoice(voiceName: string): string {
    const [language = '', variant, ...extra] = voiceName.trim().toLowerCase().split('+');
    const entry = this.#languages.get(language);
    if (!entry || extra.length > 0) {
      throw unknownVoiceError(formatVoiceId('espeak', voiceName), this.#knownIds());
    }
    if (variant === undefined) return entry.code;
    const variantName = this.#variants.get(variant);
    if (!variantName) {
      const some = [...this.#variants.values()].slice(0, 6).join(', ');
      throw new SpeechError('unknown-voice', `espeak has no voice variant "${variant}". Try one of: ${some}, ...`);
    }
    return `${entry.code}+${variantName}`;
  }

  /** Every language as a voice id, the common ones first (they are the examples an unknown voice's answer names). */
  #knownIds(): string[] {
    const common = ['en-us', 'en', 'de', 'fr', 'es', 'it', 'ru', 'cmn', 'ja'].filter((code) => this.#languages.has(code));
    return [...new Set([...common, ...this.#languages.keys()])].map((code) => formatVoiceId('espeak', code));
  }

  async #speak(text: string, voice: string, rate: number): Promise<Float32Array> {
    if (this.#espeak.broken) {
      this.#log('warn', 'espeak-ng crashed earlier; starting a new instance');
      this.#espeak = await EspeakWasm.create();
    }
    let run;
    try {
      run = this.#espeak.run(['-b', '1', '-s', String(rate), '-v', voice, '-w', wavPath, '--', text], { outputs: [wavPath] });
    } catch (error) {
      throw new SpeechError('engine-failed', 'The espeak voice failed to speak this text.', { cause: error });
    }
    const wav = run.files.get(wavPath);
    if (run.exitCode !== 0) {
      this.#log('warn', 'espeak-ng failed', { exitCode: run.exitCode, stderr: run.stderr.join(' ') });
      throw new SpeechError('engine-failed', `The espeak voice "${voice}" failed to speak this text.`);
    }
    if (!wav) return new Float32Array(0); // nothing speakable (only punctuation, say)
    const audio = decodeWavMono(wav);
    if (audio.sampleRate !== ESPEAK_SAMPLE_RATE) {
      throw new SpeechError('engine-failed', `espeak-ng produced ${audio.sampleRate} Hz audio, expected ${ESPEAK_SAMPLE_RATE}.`);
    }
    return audio.samples;
  }
}

export const createEngine: EngineFactory = async (options) => {
  const espeak = await EspeakWasm.create();
  const languages = espeak.run(['--voices']);
  const variants = espeak.run(['--voices=variant']);
  if (languages.exitCode !== 0) throw new Error(`espeak-ng could not list its voices: ${languages.stderr.join(' ')}`);
  const variantEntries = variants.exitCode === 0 ? parseVoiceTable(variants.stdout) : [];
  const languageEntries = withLanguageAliases(parseVoiceTable(languages.stdout).filter((e) => !e.file.startsWith('!v/')));
  options.log('debug', 'espeak-ng ready', { languages: languageEntries.length, variants: variantEntries.length });
  return new EspeakEngine(espeak, languageEntries, variantNames(variantEntries), options.log);
};
