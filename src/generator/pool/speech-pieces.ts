import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { parseVoiceId } from '../registry/voice-id.ts';
import type { SpeechRequest } from '../speech-request.ts';
import type { ChunkPlan, VoiceEngine } from '../voice-engine.ts';
import type { EngineCatalog } from './engine-catalog.ts';
import { planSpeechPieces } from './first-clause.ts';
import type { SpeechPiece } from './first-clause.ts';
import { leadingSilenceToDrop } from '../../audio/leading-silence.ts';
import { defaultChunkPlan } from './pool-config.ts';

export interface PreparedSpeech {
  readonly engine: VoiceEngine;
  readonly voiceId: string;
  readonly voiceName: string;
  /** One engine call each: the sentences, the first one possibly in two pieces (see planSpeechPieces). */
  readonly pieces: readonly SpeechPiece[];
}

/** Everything before the first model call: engine, voice, text front end. Runs outside the turn queue. */
export async function prepareSpeech(catalog: EngineCatalog, request: SpeechRequest, maxCharacters: number): Promise<PreparedSpeech> {
  const parsed = parseVoiceId(request.voice);
  const voiceId = `${parsed.engine}:${parsed.voiceName}`;
  const [engine, prepareUtterance] = await Promise.all([catalog.load(parsed.engine), catalog.prepareUtterance()]);
  const voice = await catalog.findVoice(engine, parsed.engine, voiceId);
  const sentences = prepareUtterance(request.text, { language: voice.language, maxCharacters });
  return { engine, voiceId, voiceName: parsed.voiceName, pieces: planSpeechPieces(sentences) };
}

/**
 * The chunk plan for one piece. Only the first piece of an utterance starts with a small chunk, `firstScale` (>= 1)
 * times the planned one (see firstChunkScaleForLoad). `scale` (>= 1) makes the later chunks of a piece larger when the
 * worker is busy: a vocoder call pays for its context frames on both sides whatever its length, so fewer, longer calls
 * make more audio per core-second exactly when cores are short.
 */
export function piecePlan(base: ChunkPlan, index: number, scale = 1, firstScale = 1): ChunkPlan {
  const chunkFrames = Math.round(base.chunkFrames * Math.max(1, scale));
  const firstChunkFrames = Math.min(chunkFrames, Math.round(base.firstChunkFrames * Math.max(1, firstScale)));
  return { ...base, chunkFrames, firstChunkFrames: index === 0 ? firstChunkFrames : chunkFrames };
}

/** The plan an engine runs with: the pool's override, else the engine's own, else the default. */
function basePlan(engine: VoiceEngine, override: ChunkPlan | undefined): ChunkPlan {
  return override ?? engine.chunkPlan ?? defaultChunkPlan;
}

/**
 * Silence kept before the first word of an utterance: a short natural onset. The audio pipeline's trimmer keeps the
 * same amount (AudioPipelineOptions.leadingPadSeconds); asking engines for it here lets them skip making the rest.
 */
const utteranceLeadSeconds = 0.03;

export interface SpeakOptions {
  readonly plan?: ChunkPlan;
  /** Asked before each piece: how much larger than planned its later chunks should be (see piecePlan). */
  readonly chunkScale?: () => number;
  /** Asked before the first piece: how much larger than planned the utterance's first chunk should be. */
  readonly firstChunkScale?: () => number;
  /** Asked before each piece: whether its engine may make the first chunk early (EngineRequest.firstChunkEarly). */
  readonly firstChunkEarly?: () => boolean;
}

/**
 * Runs each piece through its engine, yielding chunks as they come. Checks what engines yield, since a broken engine
 * must fail its request rather than the thread that hosts it.
 */
export async function* speakPieces(
  speech: PreparedSpeech,
  request: SpeechRequest,
  signal: AbortSignal,
  options: SpeakOptions = {},
): AsyncGenerator<AudioChunk> {
  const { engine, voiceId, voiceName, pieces } = speech;
  const base = basePlan(engine, options.plan);
  for (let index = 0; index < pieces.length && !signal.aborted; index++) {
    const firstScale = index === 0 ? (options.firstChunkScale?.() ?? 1) : 1;
    const chunkPlan = piecePlan(base, index, options.chunkScale?.() ?? 1, firstScale);
    const engineRequest = {
      ...request,
      voice: voiceId,
      text: pieces[index].text,
      voiceName,
      chunkPlan,
      ...(index === 0 ? { leadingSilenceSeconds: utteranceLeadSeconds } : {}),
      ...(options.firstChunkEarly?.() === true ? { firstChunkEarly: true } : {}),
    };
    let first = true;
    for await (const chunk of engine.synthesize(engineRequest, signal)) {
      if (signal.aborted) return;
      if (!(chunk.samples instanceof Float32Array) || !(chunk.sampleRate > 0)) {
        throw new Error('engine yielded a chunk without Float32Array samples and a sample rate');
      }
      // The rest of a split sentence follows a comma: its call's opening pause would double the comma's.
      const drop = first && pieces[index].continuesSentence && chunk.overlap === 0 ? leadingSilenceToDrop(chunk.samples, chunk.sampleRate) : 0;
      first = false;
      yield drop > 0 ? { ...chunk, samples: chunk.samples.subarray(drop) } : chunk;
    }
  }
}
