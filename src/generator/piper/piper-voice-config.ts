/**
 * Reads a Piper voice's `.onnx.json` exactly as users download it (rhasspy/piper-voices) and checks every field the
 * engine relies on, so a truncated or hand-edited file fails with a message naming the file and the field instead of
 * a TypeError deep inside synthesis.
 */
import { readFile } from 'node:fs/promises';

export type PiperPhonemeType = 'espeak' | 'text';

export interface PiperVoiceConfig {
  readonly sampleRate: number;
  /** Piper's quality tier (x_low, low, medium, high) when the file says. */
  readonly quality?: string;
  /** espeak-ng voice used to phonemise, e.g. `en-us`. Present when phonemeType is `espeak`. */
  readonly espeakVoice?: string;
  readonly phonemeType: PiperPhonemeType;
  readonly noiseScale: number;
  readonly lengthScale: number;
  readonly noiseW: number;
  /** Phoneme (one code point) -> ids; always holds pad `_`, BOS `^` and EOS `$`. */
  readonly phonemeIdMap: ReadonlyMap<string, readonly number[]>;
  /** Optional per-voice phoneme substitutions applied before id mapping (piper-phonemize's phoneme_map). */
  readonly phonemeMap: ReadonlyMap<string, readonly string[]>;
  readonly numSpeakers: number;
  /** Speaker name -> numeric id for multi-speaker voices. */
  readonly speakerIdMap: ReadonlyMap<string, number>;
  /** BCP-47-ish tag such as `en-US`, from `language.code` (`en_US`) when present. */
  readonly language?: string;
  readonly languageName?: string;
}

/** A voice config that cannot be used; the message names the file and what is wrong with it. */
export class PiperConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PiperConfigError';
  }
}

/** Piper's own defaults (src/cpp/piper.hpp) for voices whose config leaves inference settings out. */
const DEFAULT_NOISE_SCALE = 0.667;
const DEFAULT_LENGTH_SCALE = 1;
const DEFAULT_NOISE_W = 0.8;
const REQUIRED_SYMBOLS = ['_', '^', '$'] as const;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

class FieldReader {
  readonly #source: string;
  constructor(source: string) {
    this.#source = source;
  }

  fail(field: string, problem: string): never {
    throw new PiperConfigError(`Piper voice config ${this.#source}: "${field}" ${problem}`);
  }

  object(parent: JsonObject, key: string, path: string, required: boolean): JsonObject | undefined {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (required) this.fail(path, 'is missing');
      return undefined;
    }
    if (!isObject(value)) this.fail(path, 'must be an object');
    return value;
  }

  positiveNumber(parent: JsonObject | undefined, key: string, path: string, fallback: number): number {
    const value = parent?.[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      this.fail(path, 'must be a non-negative number');
    }
    return value;
  }
}

function parsePhonemeIdMap(raw: JsonObject, reader: FieldReader): Map<string, readonly number[]> {
  const map = new Map<string, readonly number[]>();
  for (const [phoneme, ids] of Object.entries(raw)) {
    if ([...phoneme].length !== 1) reader.fail(`phoneme_id_map.${phoneme}`, 'key must be a single code point');
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isNonNegativeInteger)) {
      reader.fail(`phoneme_id_map.${phoneme}`, 'must be a non-empty array of non-negative integer ids');
    }
    map.set(phoneme, ids);
  }
  for (const symbol of REQUIRED_SYMBOLS) {
    if (!map.has(symbol)) reader.fail('phoneme_id_map', `has no id for "${symbol}" (pad, BOS and EOS are required)`);
  }
  return map;
}

function parsePhonemeMap(raw: JsonObject | undefined, reader: FieldReader): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const [phoneme, replacement] of Object.entries(raw ?? {})) {
    if (!Array.isArray(replacement) || !replacement.every((p) => typeof p === 'string')) {
      reader.fail(`phoneme_map.${phoneme}`, 'must be an array of phoneme strings');
    }
    // Each replacement may be several code points; flatten to code points as piper-phonemize does.
    map.set(phoneme, replacement.flatMap((p: string) => [...p]));
  }
  return map;
}

function parseSpeakerIdMap(raw: JsonObject | undefined, reader: FieldReader): Map<string, number> {
  const map = new Map<string, number>();
  for (const [name, id] of Object.entries(raw ?? {})) {
    if (!isNonNegativeInteger(id)) reader.fail(`speaker_id_map.${name}`, 'must be a non-negative integer');
    map.set(name, id);
  }
  return map;
}

/** Validates parsed JSON; `source` (usually the file path) only appears in error messages. */
export function parsePiperVoiceConfig(json: unknown, source: string): PiperVoiceConfig {
  // The explicit annotation lets TypeScript narrow after reader.fail(), which returns never.
  const reader: FieldReader = new FieldReader(source);
  if (!isObject(json)) reader.fail('(root)', 'must be a JSON object');

  const audio = reader.object(json, 'audio', 'audio', true) as JsonObject;
  const sampleRate = audio.sample_rate;
  if (!isNonNegativeInteger(sampleRate) || sampleRate < 1000 || sampleRate > 192000) {
    reader.fail('audio.sample_rate', 'must be an integer sample rate between 1000 and 192000');
  }
  const quality = typeof audio.quality === 'string' ? audio.quality : undefined;

  const phonemeTypeRaw = json.phoneme_type ?? 'espeak';
  if (phonemeTypeRaw !== 'espeak' && phonemeTypeRaw !== 'text') {
    reader.fail('phoneme_type', `"${String(phonemeTypeRaw)}" is not supported (only "espeak" and "text")`);
  }
  const phonemeType: PiperPhonemeType = phonemeTypeRaw;

  let espeakVoice: string | undefined;
  if (phonemeType === 'espeak') {
    const espeak = reader.object(json, 'espeak', 'espeak', true) as JsonObject;
    if (typeof espeak.voice !== 'string' || espeak.voice.trim() === '') {
      reader.fail('espeak.voice', 'must name an espeak-ng voice such as "en-us"');
    }
    espeakVoice = espeak.voice;
  }

  const inference = reader.object(json, 'inference', 'inference', false);
  const noiseScale = reader.positiveNumber(inference, 'noise_scale', 'inference.noise_scale', DEFAULT_NOISE_SCALE);
  const lengthScale = reader.positiveNumber(inference, 'length_scale', 'inference.length_scale', DEFAULT_LENGTH_SCALE);
  const noiseW = reader.positiveNumber(inference, 'noise_w', 'inference.noise_w', DEFAULT_NOISE_W);
  if (lengthScale === 0) reader.fail('inference.length_scale', 'must be greater than 0');

  const idMapRaw = reader.object(json, 'phoneme_id_map', 'phoneme_id_map', true) as JsonObject;
  const phonemeIdMap = parsePhonemeIdMap(idMapRaw, reader);
  const phonemeMap = parsePhonemeMap(reader.object(json, 'phoneme_map', 'phoneme_map', false), reader);

  const numSpeakersRaw = json.num_speakers ?? 1;
  if (!isNonNegativeInteger(numSpeakersRaw) || numSpeakersRaw < 1) {
    reader.fail('num_speakers', 'must be a positive integer');
  }
  const speakerIdMap = parseSpeakerIdMap(reader.object(json, 'speaker_id_map', 'speaker_id_map', false), reader);
  for (const [name, id] of speakerIdMap) {
    if (id >= numSpeakersRaw) reader.fail(`speaker_id_map.${name}`, `is ${id} but num_speakers is ${numSpeakersRaw}`);
  }

  const languageObject = isObject(json.language) ? json.language : undefined;
  const code = typeof languageObject?.code === 'string' ? languageObject.code : undefined;
  const languageName =
    typeof languageObject?.name_english === 'string' ? languageObject.name_english : undefined;

  return {
    sampleRate,
    quality,
    espeakVoice,
    phonemeType,
    noiseScale,
    lengthScale,
    noiseW,
    phonemeIdMap,
    phonemeMap,
    numSpeakers: numSpeakersRaw,
    speakerIdMap,
    language: code?.replace('_', '-'),
    languageName,
  };
}

export async function loadPiperVoiceConfig(path: string): Promise<PiperVoiceConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PiperConfigError(`Piper voice config ${path} could not be read`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PiperConfigError(`Piper voice config ${path} is not valid JSON (${reason})`, { cause: error });
  }
  return parsePiperVoiceConfig(json, path);
}
