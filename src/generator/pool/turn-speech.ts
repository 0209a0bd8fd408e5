import type { AudioChunk } from '../../audio/audio-chunk.ts';
import { Crossfader } from '../../audio/crossfader.ts';
import { StreamingResampler } from '../../audio/streaming-resampler.ts';
import { typicalVoiceLoudnessLufs } from '../../audio/voice-loudness.ts';
import type { SpeechRequest, SpeechTurn } from '../speech-request.ts';
import type { EngineCatalog } from './engine-catalog.ts';
import { prepareSpeech, speakPieces } from './speech-pieces.ts';
import type { SpeakOptions } from './speech-pieces.ts';

/**
 * Silence heard between two speakers, counting the end of the last turn's own trailing silence and the next turn's
 * opening: a short conversational pause, so a change of voice does not sound like one person's hiccup.
 */
export const turnPauseSeconds = 0.2;
/** What speakPieces asks the next turn's engine for before its first word (speech-pieces.ts utteranceLeadSeconds). */
const nextTurnLeadSeconds = 0.03;
/** Below this a sample counts as silence when measuring a turn's trailing pause. */
const silenceThreshold = 0.01;
/** Voices differ by up to 15 dB; a correction beyond this is more likely a wrong table entry than a real difference. */
const maxTurnGainDb = 12;
/** Blend length for the overlapping chunks of a turn that is resampled here (the pipeline's default crossfade). */
const overlapFadeSeconds = 0.01;

/**
 * The gain that brings `voice` to the typical loudness of `reference` (the first turn's voice, which the pipeline's
 * normaliser expects), so one normaliser gain suits every speaker; 1 when either level is unknown (Piper, Kokoro:
 * the normaliser's running measurement has to follow them).
 */
export function turnGain(reference: string, voice: string): number {
  const want = typicalVoiceLoudnessLufs(reference);
  const have = typicalVoiceLoudnessLufs(voice);
  if (want === undefined || have === undefined) return 1;
  const db = Math.max(-maxTurnGainDb, Math.min(maxTurnGainDb, want - have));
  return 10 ** (db / 20);
}

/** Never drop more than this of a later turn's opening silence: a very quiet start is not silence. */
const maxLeadDropSeconds = 0.4;

/** Samples of near silence at the end of `samples`. */
function trailingSilence(samples: Float32Array): number {
  let end = samples.length;
  while (end > 0 && Math.abs(samples[end - 1]) < silenceThreshold) end--;
  return samples.length - end;
}

/** Seconds of silence at the end of the stream after `samples` (a silent chunk lengthens the silence before it). */
function quietEnd(before: number, samples: Float32Array, rate: number): number {
  const quiet = trailingSilence(samples);
  return (quiet === samples.length ? before : 0) + quiet / rate;
}

function scaled(samples: Float32Array, gain: number): Float32Array {
  if (gain === 1) return samples;
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] * gain;
  return out;
}

/**
 * A turn whose voice has another sample rate than the stream: its overlapping chunks are joined here (the pipeline
 * crossfades only chunks of its own rate) and the result resampled with filter state kept across chunks, so the
 * turn's chunk joins stay seamless. Its chunks come out with no overlap.
 */
class TurnRateConverter {
  readonly #crossfader: Crossfader;
  readonly #resampler: StreamingResampler;

  private constructor(inputRate: number, resampler: StreamingResampler) {
    this.#crossfader = new Crossfader(Math.round(overlapFadeSeconds * inputRate), 'linear');
    this.#resampler = resampler;
  }

  static async create(inputRate: number, outputRate: number): Promise<TurnRateConverter> {
    return new TurnRateConverter(inputRate, await StreamingResampler.create(inputRate, outputRate, 'medium'));
  }

  push(chunk: AudioChunk): Float32Array {
    return this.#resampler.process(this.#crossfader.push(chunk.samples, chunk.overlap));
  }

  finish(): Float32Array {
    const tail = this.#resampler.process(this.#crossfader.flush());
    const rest = this.#resampler.flush();
    const out = new Float32Array(tail.length + rest.length);
    out.set(tail, 0);
    out.set(rest, tail.length);
    return out;
  }

  release(): void {
    this.#resampler.release();
  }
}

/**
 * One multi-speaker request as ONE chunk stream, so the audio pipeline, the queue, /stop and /skip see a single
 * utterance: each turn is read by its voice in order, at the first turn's sample rate (later turns of another rate
 * are resampled), brought to the first voice's typical loudness (turnGain), with a pause of about turnPauseSeconds
 * between turns (the pause added here makes up the rest after the last turn's trailing silence and the next turn's
 * opening, which is cut to nextTurnLeadSeconds). Every turn is prepared at once (engines load in parallel), but the first turn's audio flows as soon as its
 * own engine is ready, so the first word comes as early as in a one-voice message.
 */
export async function* speakTurns(
  catalog: EngineCatalog,
  request: SpeechRequest & { readonly turns: readonly SpeechTurn[] },
  maxCharacters: number,
  signal: AbortSignal,
  options: SpeakOptions = {},
): AsyncGenerator<AudioChunk> {
  const { turns } = request;
  const turnRequests = turns.map((turn): SpeechRequest => {
    const { turns: _turns, busyFallbackVoice: _fallback, ...rest } = request;
    return { ...rest, voice: turn.voice, text: turn.text };
  });
  const prepared = turnRequests.map((turnRequest) => prepareSpeech(catalog, turnRequest, maxCharacters));
  // Awaited in order below; until then a failure of a later turn must not count as unhandled.
  for (const preparation of prepared) preparation.catch(() => undefined);

  let rate: number | undefined;
  let trailingSeconds = 0;
  for (let index = 0; index < turns.length && !signal.aborted; index++) {
    const speech = await prepared[index];
    const gain = turnGain(turns[0].voice, turns[index].voice);
    let converter: TurnRateConverter | undefined;
    // A later turn's opening silence is cut to nextTurnLeadSeconds: engines that ignore the asked-for lead (flite
    // opens every call with about 0.2 s) would otherwise stretch the pause between speakers.
    let trimLead = index > 0;
    let leadDropped = 0;
    let droppedWholeChunk = false;
    try {
      for await (const chunk of speakPieces(speech, turnRequests[index], signal, options)) {
        rate ??= chunk.sampleRate;
        if (chunk.sampleRate !== rate) converter ??= await TurnRateConverter.create(chunk.sampleRate, rate);
        let samples = scaled(converter ? converter.push(chunk) : chunk.samples, gain);
        let overlap = converter ? 0 : chunk.overlap;
        if (trimLead) {
          // The overlap repeats the end of a chunk that was dropped as silence: drop it too.
          if (droppedWholeChunk) samples = samples.subarray(Math.min(overlap, samples.length));
          if (droppedWholeChunk) overlap = 0;
          let onset = 0;
          while (onset < samples.length && !(Math.abs(samples[onset]) >= silenceThreshold)) onset++;
          const dropLimit = Math.round(maxLeadDropSeconds * rate) - leadDropped;
          if (onset === samples.length && samples.length <= dropLimit) {
            leadDropped += samples.length;
            droppedWholeChunk = true;
            continue;
          }
          const drop = Math.min(Math.max(0, onset - Math.round(nextTurnLeadSeconds * rate)), Math.max(0, dropLimit));
          samples = samples.subarray(drop);
          trimLead = false;
        }
        if (samples.length === 0) continue;
        trailingSeconds = quietEnd(trailingSeconds, samples, rate);
        yield { samples, sampleRate: rate, overlap };
      }
      if (converter && rate !== undefined && !signal.aborted) {
        const tail = scaled(converter.finish(), gain);
        if (tail.length > 0) {
          trailingSeconds = quietEnd(trailingSeconds, tail, rate);
          yield { samples: tail, sampleRate: rate, overlap: 0 };
        }
      }
    } finally {
      converter?.release();
    }
    // The pause goes out before the next turn's engine starts, so its first chunk has that much more time to come.
    if (index + 1 < turns.length && rate !== undefined && !signal.aborted) {
      const pause = Math.round((turnPauseSeconds - trailingSeconds - nextTurnLeadSeconds) * rate);
      if (pause > 0) yield { samples: new Float32Array(pause), sampleRate: rate, overlap: 0 };
    }
  }
}
