import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { defaultLeadingSilence, leadingSilenceToDrop } from '../../audio/leading-silence.ts';
import { finishHeldSentences, FLITE_SAMPLE_RATE, startFlite, warmUpFlite } from '../flite/flite-wasi.ts';
import { FLITE_LICENSE } from '../flite/flite-voices.ts';
import { durationStretchForSpeed } from '../flite/speed.ts';
import { createOnnxSession } from '../onnx-session.ts';
import { formatVoiceId } from '../registry/voice-id.ts';
import { unknownVoiceError } from '../registry/voice-registry.ts';
import { SpeechError } from '../speech-request.ts';
import type { VoiceInfo } from '../speech-request.ts';
import type { ChunkPlan, EngineFactory, EngineOptions, EngineRequest, VoiceEngine } from '../voice-engine.ts';
import { hifiganVocoder } from './hifigan-vocoder.ts';
import type { Vocode } from './hifigan-vocoder.ts';
import { createLogMelAnalyzer, HIFIGAN_MEL_CONFIG } from './log-mel-spectrogram.ts';
import { NEURAL_VOICES, findNeuralVoice } from './neural-voices.ts';
import { createPolyphaseResampler } from './polyphase-resampler.ts';
import type { PolyphaseResampler } from './polyphase-resampler.ts';
import { progressiveResample } from './progressive-signal.ts';
import { throwIfAborted } from '../abort.ts';
import { samplesForFirstChunk, streamVocoded } from './stream-vocoded.ts';

/**
 * Chunk sizes this engine was measured with (frames of 256 samples at 22.05 kHz = 11.6 ms): a 0.28 s first chunk
 * (0.14 s left a second stream starting at the same moment on one worker no time to make its first chunk before
 * this one's second was due: heard as an underrun; flite, not the vocoder, is most of a first call, so more frames
 * cost little; 0.23 s became too thin once the opening pause was no longer vocoded and the pipeline holds back its
 * trimmer's and limiter's few tens of milliseconds: the first chunk is now all speech the listener must live on),
 * then chunks doubling up to 1.5 s (bigger chunks spend less on the 2 x 16 context frames: RTF 0.14 at 64 frames,
 * 0.12 at 128; the ramp 40, 80 keeps each next chunk's vocoder call shorter than the audio already delivered,
 * where a jump straight to 128 frames took about as long as the first chunk plays), and the 16 context frames
 * HiFi-GAN needs to match whole-sentence output.
 */
export const RECOMMENDED_NEURAL_CHUNK_PLAN: ChunkPlan = {
  firstChunkFrames: 24,
  chunkFrames: 128,
  contextFrames: 16,
  overlapSeconds: 0.01,
  growth: 2,
};

/** Where the shipped vocoder lives under EngineOptions.modelsDir. */
export const VOCODER_RELATIVE_PATH = join('hifigan', 'hifigan_v2_ljspeech.onnx');
/** Its int8 copy (models/hifigan/PROVENANCE.md): about 30 % less CPU per second of audio, same word error rate. */
export const INT8_VOCODER_RELATIVE_PATH = join('hifigan', 'hifigan_v2_ljspeech.int8.onnx');

/**
 * The vocoder file for these options. 'auto' takes int8 on the CPU (where it saves the most of the bot's busiest
 * work) and fp32 on CUDA (int8 was not measured there; a GPU has the headroom).
 */
export function vocoderPath(options: Pick<EngineOptions, 'modelsDir' | 'executionProviders' | 'neuralVocoder'>): string {
  const wanted = options.neuralVocoder ?? 'auto';
  const int8 = wanted === 'int8' || (wanted === 'auto' && options.executionProviders[0] !== 'cuda');
  return join(options.modelsDir, int8 ? INT8_VOCODER_RELATIVE_PATH : VOCODER_RELATIVE_PATH);
}
const FLITE_RATE = FLITE_SAMPLE_RATE;

function fliteFailed(error: unknown): SpeechError {
  return new SpeechError('engine-failed', 'The neural voice failed to read this text.', { cause: error });
}

/** Whether any sample reaches `threshold`: where leadingSilenceToDrop finds the onset it looks for. */
function hasSound(samples: Float32Array, threshold: number): boolean {
  for (let i = 0; i < samples.length; i++) if (Math.abs(samples[i]) >= threshold) return true;
  return false;
}

class NeuralEngine implements VoiceEngine {
  readonly engine = 'neural';
  /** No sampling: the same text gives the same audio, so short phrases may be cached. */
  readonly repeatable = true;
  readonly chunkPlan = RECOMMENDED_NEURAL_CHUNK_PLAN;
  readonly #vocode: Vocode | undefined;
  readonly #close: () => Promise<void>;
  readonly #resampler: PolyphaseResampler;
  readonly #analyzer = createLogMelAnalyzer(HIFIGAN_MEL_CONFIG);

  constructor(vocode: Vocode | undefined, resampler: PolyphaseResampler, close: () => Promise<void>) {
    this.#vocode = vocode;
    this.#resampler = resampler;
    this.#close = close;
  }

  async listVoices(): Promise<VoiceInfo[]> {
    return NEURAL_VOICES.map((voice) => ({
      id: `neural:${voice.name}`,
      engine: 'neural',
      language: voice.language,
      sampleRate: HIFIGAN_MEL_CONFIG.sampleRate,
      installed: this.#vocode !== undefined,
      license: `MIT (HiFi-GAN) AND ${FLITE_LICENSE} (flite)`,
      description: voice.description,
    }));
  }

  async *synthesize(request: EngineRequest, signal: AbortSignal): AsyncIterable<AudioChunk> {
    const voice = findNeuralVoice(request.voiceName);
    if (!voice) {
      const known = NEURAL_VOICES.map((v) => formatVoiceId('neural', v.name));
      throw unknownVoiceError(formatVoiceId('neural', request.voiceName), known);
    }
    const durationStretch = durationStretchForSpeed(request.speed);
    if (request.text.trim() === '') throw new SpeechError('empty-text', 'There is nothing to say.');
    const vocode = this.#vocode;
    if (!vocode) {
      throw new SpeechError(
        'voice-not-installed',
        `The neural voice needs its vocoder file models/${VOCODER_RELATIVE_PATH}, which is missing.`,
      );
    }
    throwIfAborted(signal);

    const fliteOptions = { voice: voice.fliteVoice, durationStretch };
    // Flite opens every call with ~0.2 s of silence: at the start of an utterance it is not vocoded at all.
    const silence = request.leadingSilenceSeconds === undefined
      ? undefined
      : { ...defaultLeadingSilence, keepSeconds: request.leadingSilenceSeconds };
    const dropOf = (samples: Float32Array): number => (silence === undefined ? 0 : leadingSilenceToDrop(samples, FLITE_RATE, silence));
    // With firstChunkEarly, flite is held once it has made the first chunk's audio (after the opening pause), so that
    // chunk is vocoded before flite spends its time on the rest of the sentence: that rest is most of flite's work.
    const firstChunkInput = this.#resampler.inputNeeded(samplesForFirstChunk(request.chunkPlan, this.#analyzer.config));
    const coversFirstChunk = (samples: Float32Array): boolean => request.firstChunkEarly === true
      && samples.length >= firstChunkInput && (silence === undefined || hasSound(samples, silence.threshold))
      && samples.length >= dropOf(samples) + firstChunkInput;

    let start;
    try {
      start = await startFlite(request.text, fliteOptions, coversFirstChunk);
    } catch (error) {
      throw fliteFailed(error);
    }
    let finished = start.complete;
    try {
      let madeFirst = 0;
      if (!start.complete) {
        const drop = dropOf(start.samples);
        const prefix = progressiveResample(start.samples.subarray(drop), this.#resampler);
        yield* streamVocoded(prefix, this.#analyzer, vocode, request.chunkPlan, signal, { to: 1 });
        madeFirst = 1;
      }
      let flite;
      try {
        flite = await start.finish();
        finished = true;
      } catch (error) {
        throw fliteFailed(error);
      }
      const drop = dropOf(flite.samples);
      const audio = progressiveResample(drop > 0 ? flite.samples.subarray(drop) : flite.samples, this.#resampler);
      yield* streamVocoded(audio, this.#analyzer, vocode, request.chunkPlan, signal, { from: madeFirst });
    } finally {
      // Stopped after the first chunk: the rest of the sentence is not made.
      if (!finished) start.cancel();
    }
  }

  catchUp(): void {
    finishHeldSentences();
  }

  async close(): Promise<void> {
    await this.#close();
  }
}

/**
 * Opens the vocoder once per engine (so once per worker) and keeps it, the resampler and the compiled flite module
 * warm. A missing vocoder file is not fatal: the voices are listed as not installed and requests get a clear error.
 */
export const createEngine: EngineFactory = async (options: EngineOptions) => {
  const modelPath = vocoderPath(options);
  const resampler = createPolyphaseResampler(FLITE_RATE, HIFIGAN_MEL_CONFIG.sampleRate);
  await warmUpFlite();
  if (!existsSync(modelPath)) {
    options.log('warn', 'HiFi-GAN vocoder not found; neural voices unavailable', { model: modelPath });
    return new NeuralEngine(undefined, resampler, async () => {});
  }
  const { session } = await createOnnxSession(modelPath, options);
  return new NeuralEngine(hifiganVocoder(session, HIFIGAN_MEL_CONFIG.melBands), resampler, () => session.release());
};
