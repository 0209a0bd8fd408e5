/**
 * Turns a request's user-facing knobs into Piper's model inputs, rejecting out-of-range values with messages that can
 * be shown to the user as they are.
 */
import { SPEED, VARIATION } from '../../limits/speech-limits.ts';
import { SpeechError } from '../speech-request.ts';
import type { SpeechRequest } from '../speech-request.ts';
import type { PiperVoiceConfig } from './piper-voice-config.ts';

const SPEED_RANGE = [SPEED.min, SPEED.max] as const;
const NOISE_SCALE_RANGE = [0, 1.5] as const;
const NOISE_WIDTH_RANGE = [0, 1.5] as const;
const VARIATION_RANGE = [VARIATION.min, VARIATION.max] as const;

type ScaleFields = 'speed' | 'noiseScale' | 'noiseWidth' | 'variation';

/** Piper's `scales` input: [noise_scale, length_scale, noise_w]. */
export type PiperScales = readonly [number, number, number];

function checkRange(name: string, value: number | undefined, [min, max]: readonly [number, number]): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SpeechError('invalid-parameter', `${name} must be between ${min} and ${max} (got ${String(value)}).`);
  }
}

/** Range checks shared by every Piper voice; call before loading anything so bad requests fail fast. */
export function validatePiperRequest(request: Pick<SpeechRequest, ScaleFields>): void {
  checkRange('Speed', request.speed, SPEED_RANGE);
  checkRange('Variation', request.variation, VARIATION_RANGE);
  checkRange('Noise scale', request.noiseScale, NOISE_SCALE_RANGE);
  checkRange('Noise width', request.noiseWidth, NOISE_WIDTH_RANGE);
}

/**
 * Speed divides the voice's length_scale: speed 2 halves every phoneme's duration. Variation multiplies both noise
 * scales the voice was trained with (noise_scale: the spread of the sampled sound, pitch and timbre; noise_w: the
 * spread of the sampled phoneme durations), so 0 gives the voice's mean delivery, the same every time, and 1 exactly
 * the trained defaults; one knob moves both, as neither alone sounds "more lively". Explicit noiseScale / noiseWidth
 * override it (low-level, for tests and experiments). A product beyond Piper's range (a voice trained with unusually
 * high noise) is held at the range's top.
 */
export function piperScales(
  config: Pick<PiperVoiceConfig, 'noiseScale' | 'lengthScale' | 'noiseW'>,
  request: Pick<SpeechRequest, ScaleFields>,
): PiperScales {
  validatePiperRequest(request);
  const variation = request.variation ?? VARIATION.default;
  return [
    request.noiseScale ?? Math.min(config.noiseScale * variation, NOISE_SCALE_RANGE[1]),
    config.lengthScale / (request.speed ?? 1),
    request.noiseWidth ?? Math.min(config.noiseW * variation, NOISE_WIDTH_RANGE[1]),
  ];
}

const MAX_LISTED_SPEAKERS = 10;

/**
 * Speaker id for the `sid` input: a name from speaker_id_map or a number below num_speakers; speaker 0 when none is
 * asked for. Single-speaker voices ignore the setting, since users keep one speaker preference across voices.
 */
export function resolveSpeakerId(
  config: Pick<PiperVoiceConfig, 'numSpeakers' | 'speakerIdMap'>,
  voiceId: string,
  speaker: string | undefined,
): number {
  if (config.numSpeakers <= 1 || speaker === undefined || speaker.trim() === '') return 0;
  const wanted = speaker.trim();
  const named = config.speakerIdMap.get(wanted);
  if (named !== undefined) return named;
  if (/^\d+$/.test(wanted)) {
    const id = Number(wanted);
    if (id < config.numSpeakers) return id;
  }
  const names = [...config.speakerIdMap].sort((a, b) => a[1] - b[1]).map(([name]) => name);
  const listed = names.slice(0, MAX_LISTED_SPEAKERS).join(', ');
  const more = names.length > MAX_LISTED_SPEAKERS ? `, … (${names.length} in all)` : '';
  const choices = names.length > 0 ? `one of ${listed}${more} or ` : '';
  throw new SpeechError(
    'invalid-parameter',
    `${voiceId} has no speaker "${wanted}"; use ${choices}a number from 0 to ${config.numSpeakers - 1}.`,
  );
}
