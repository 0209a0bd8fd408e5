/**
 * One utterance of real engine output through the bot's audio pipeline, measured as audio: what the listener gets
 * against what the engine made. Shared by test/audio/speech-quality.test.ts and bench/audio-quality.bench.ts.
 */
import type { AudioChunk } from '../../../src/audio/audio-chunk.ts';
import type { AudioPipelineOptions } from '../../../src/audio/audio-pipeline-options.ts';
import { defaultAudioPipelineOptions } from '../../../src/audio/audio-pipeline-options.ts';
import { integratedLoudness, measureLoudness } from '../../../src/audio/loudness-meter.ts';
import { createOpusStream } from '../../../src/audio/opus-pipeline.ts';
import { collectPcm48k, processToPcm48k } from '../../../src/audio/pcm-pipeline.ts';
import type { AudioPipelineStats } from '../../../src/audio/pipeline-stats.ts';
import { typicalVoiceLoudnessLufs } from '../../../src/audio/voice-loudness.ts';
import { transcribe, wordErrorRate } from '../../helpers/speech-recognition.ts';
import { decodePackets, opusDelaySamples, readAllPackets } from './opus-decode.ts';
import { gainProfile, joinPositions, joinReport, leadingSilenceSeconds, outputRate, trailingSilenceSeconds } from './speech-quality.ts';
import type { GainProfile } from './speech-quality.ts';

export async function* replay(chunks: readonly AudioChunk[]): AsyncGenerator<AudioChunk> {
  for (const chunk of chunks) yield chunk;
}

export interface UtteranceQuality {
  readonly gain: GainProfile;
  /** Silence before the first sound / after the last one in the output (s), on the output's own scale. */
  readonly leadingSilenceSeconds: number;
  readonly trailingSilenceSeconds: number;
  /** Leading silence of the engine's own output, for comparison. */
  readonly sourceLeadingSilenceSeconds: number;
  readonly integratedLufs: number;
  readonly loudnessRangeLu: number;
  readonly limiterMaxReductionDb: number;
  /** Largest step at a chunk join over the largest step the signal makes in the 10 ms either side (1 = no worse). */
  readonly worstJoinStepRatio: number;
  /** The same ratio's largest value away from the joins: what the signal does on its own. */
  readonly worstOwnStepRatio: number;
  readonly joins: number;
  readonly stats: AudioPipelineStats;
  /** The pipeline's 48 kHz output, for further checks. */
  readonly output: Float32Array;
}

/** The options the bot should use for this voice: the defaults plus the voice's typical loudness when known. */
export function pipelineOptionsFor(voice: string, overrides: Partial<AudioPipelineOptions> = {}): Partial<AudioPipelineOptions> {
  return { expectedLoudnessLufs: typicalVoiceLoudnessLufs(voice), ...overrides };
}

/**
 * Runs `chunks` through the float pipeline twice: as the bot does, and with the level stages and the trimmer off
 * (crossfade, the same resampler, clip) as the reference the gain is measured against.
 */
export async function measureUtterance(chunks: readonly AudioChunk[], options: Partial<AudioPipelineOptions>): Promise<UtteranceQuality> {
  const stream = processToPcm48k(replay(chunks), options);
  const output = await collectPcm48k(stream);
  // Phase rotation stays on in the reference: it moves no level, and without it energy it shifts by a few ms at word
  // ends would read as gain changes in the windows there.
  const reference = await collectPcm48k(processToPcm48k(replay(chunks), { ...options, normalise: false, trimSilence: false }));
  const offset = Math.round(stream.stats.trimmedLeadingSeconds * outputRate);
  const loudness = measureLoudness(output, outputRate);
  const sampleRate = chunks[0].sampleRate;
  const fade = Math.round((options.crossfadeSeconds ?? defaultAudioPipelineOptions.crossfadeSeconds) * outputRate);
  const joins = joinPositions(chunks)
    .map((p) => Math.round(p * outputRate / sampleRate) - offset)
    .filter((p) => p > 0 && p < output.length);
  const steps = joinReport(output, outputRate, joins, fade);
  return {
    gain: gainProfile(reference, output, offset),
    leadingSilenceSeconds: leadingSilenceSeconds(output),
    trailingSilenceSeconds: trailingSilenceSeconds(output),
    sourceLeadingSilenceSeconds: leadingSilenceSeconds(reference),
    integratedLufs: loudness.integratedLufs,
    loudnessRangeLu: loudness.rangeLu,
    limiterMaxReductionDb: stream.stats.limiterMaxReductionDb,
    worstJoinStepRatio: steps.stepRatios.length > 0 ? Math.max(...steps.stepRatios) : Number.NaN,
    worstOwnStepRatio: steps.ownStepRatios.length > 0 ? Math.max(...steps.ownStepRatios) : Number.NaN,
    joins: steps.stepRatios.length,
    stats: stream.stats,
    output,
  };
}

/** Loudness every recogniser input is brought to (LUFS): a typical recording level. */
const recogniserLufs = -26;

/**
 * What pocketsphinx hears: the utterance at one fixed loudness between half a second of quiet noise on each side.
 * Its error rate depends on the input level (neural:kal16 over 5 sentences: 0.14 at -30 LUFS, 0.31 at -16) and it
 * lost first words when speech began 20 ms into the file, so without this the figure would compare levels and
 * leading silences rather than how intelligible the audio is. Source and output get the same treatment.
 */
export function forRecogniser(samples: Float32Array, sampleRate: number): Float32Array {
  const loudness = integratedLoudness(samples, sampleRate);
  const gain = Number.isFinite(loudness) ? 10 ** ((recogniserLufs - loudness) / 20) : 1;
  const pad = Math.round(sampleRate / 2);
  const out = new Float32Array(samples.length + 2 * pad);
  let seed = 1;
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    // About -70 dBFS of noise: a room, not digital zero, which the recogniser's silence model has never heard.
    out[i] = (seed / 2 ** 32 - 0.5) * 6e-4;
  }
  for (let i = 0; i < samples.length; i++) out[pad + i] += samples[i] * gain;
  return out;
}

/** Word error rate (pocketsphinx) of the utterance after the bot's pipeline and Opus at `bitrate`, decoded again. */
export async function wordErrorRateThroughOpus(chunks: readonly AudioChunk[], text: string,
  options: Partial<AudioPipelineOptions>, bitrate = 64_000): Promise<number> {
  const packets = await readAllPackets(createOpusStream(replay(chunks), { ...options, opusBitrate: bitrate }));
  const { left } = decodePackets(packets);
  return wordErrorRate(text, await transcribe(forRecogniser(left.subarray(opusDelaySamples), outputRate), outputRate));
}

/** Word error rate of the engine's own output (chunks joined, nothing else), the baseline for the figure above. */
export async function wordErrorRateOfSource(chunks: readonly AudioChunk[], text: string): Promise<number> {
  // The engine's own sound: no pipeline stage that shapes it (phase rotation included) may count as the source.
  const reference = await collectPcm48k(processToPcm48k(replay(chunks), { normalise: false, trimSilence: false, phaseRotation: false, watermark: false }));
  return wordErrorRate(text, await transcribe(forRecogniser(reference, outputRate), outputRate));
}
