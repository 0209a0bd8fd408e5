/**
 * Kokoro-82M on disk, as the kokoro-onnx project ships it (release model-files-v1.0):
 *   ${modelsDir}/voices/kokoro/kokoro-v1.0.onnx      the model (or kokoro-v1.0.fp16.onnx / kokoro-v1.0.int8.onnx)
 *   ${modelsDir}/voices/kokoro/voices-v1.0.bin       numpy .npz: voice name -> float32 [510, 1, 256] style vectors
 *   ${modelsDir}/voices/kokoro/voices/<name>.bin     and/or single voice packs as kokoro-js and the onnx-community
 *                                                    Kokoro-82M-v1.0-ONNX export ship them: raw little-endian
 *                                                    float32 [510, 256], no header (af_heart.bin, bf_emma.bin, ...)
 *   ${modelsDir}/voices/kokoro/config.json           optional: Kokoro's config.json, whose "vocab" (phoneme -> id)
 *                                                    replaces the built-in v1.0 vocab (kokoro-default-vocab.ts)
 * Every voice in the .npz and every .bin is one `kokoro:<name>` voice (af_heart, bm_george, ...); the first letter
 * of the name is its language, the second its gender. A .bin pack replaces the .npz voice of the same name.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NpzFormatError, parseNpz } from './npz-reader.ts';
import type { NpyArray } from './npz-reader.ts';
import { KokoroConfigError, parseKokoroVocab, STYLE_DIM } from './kokoro-tokens.ts';

export const KOKORO_SAMPLE_RATE = 24000;
const MODEL_NAMES = ['kokoro-v1.0.onnx', 'kokoro-v1.0.fp16.onnx', 'kokoro-v1.0.int8.onnx'];
const VOICES_FILE = 'voices-v1.0.bin';
const VOICE_PACK_DIR = 'voices';
/** A voice pack file: the voice name in lower case, as kokoro-js names them. */
const VOICE_PACK_FILE = /^([a-z0-9]+_[a-z0-9_]+)\.bin$/;
const CONFIG_FILE = 'config.json';

export interface KokoroLanguage {
  /** BCP-47-ish tag for VoiceInfo. */
  readonly tag: string;
  /** espeak-ng voice that phonemises it (kokoro-js uses en-us for a, en for b; the others as kokoro-onnx). */
  readonly espeakVoice: string;
  /** Kokoro's English text normalisation applies (kokoro-text.ts): the a and b voices. */
  readonly normalizeEnglish: boolean;
}

/** Kokoro's voice-name prefixes (hexgrad/Kokoro-82M VOICES.md). */
const LANGUAGES: Readonly<Record<string, KokoroLanguage>> = {
  a: { tag: 'en-US', espeakVoice: 'en-us', normalizeEnglish: true },
  b: { tag: 'en-GB', espeakVoice: 'en', normalizeEnglish: true },
  e: { tag: 'es-ES', espeakVoice: 'es', normalizeEnglish: false },
  f: { tag: 'fr-FR', espeakVoice: 'fr-fr', normalizeEnglish: false },
  h: { tag: 'hi-IN', espeakVoice: 'hi', normalizeEnglish: false },
  i: { tag: 'it-IT', espeakVoice: 'it', normalizeEnglish: false },
  j: { tag: 'ja-JP', espeakVoice: 'ja', normalizeEnglish: false },
  p: { tag: 'pt-BR', espeakVoice: 'pt-br', normalizeEnglish: false },
  z: { tag: 'zh-CN', espeakVoice: 'cmn', normalizeEnglish: false },
};

export function kokoroLanguage(voiceName: string): KokoroLanguage | undefined {
  return /^[a-z][fm]_/.test(voiceName) ? LANGUAGES[voiceName[0]] : undefined;
}

function kokoroDir(modelsDir: string): string {
  return join(modelsDir, 'voices', 'kokoro');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface KokoroFiles {
  readonly model: string;
  /** The kokoro-onnx .npz of all voices; absent when only single .bin packs are installed. */
  readonly voices?: string;
  /** Voice name -> path of its single .bin pack (voices/ folder). */
  readonly voicePacks: ReadonlyMap<string, string>;
  /** Absent when the built-in vocab is to be used. */
  readonly config?: string;
}

async function findVoicePacks(dir: string): Promise<Map<string, string>> {
  const packs = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return packs;
  }
  for (const name of names.sort()) {
    const voice = VOICE_PACK_FILE.exec(name)?.[1];
    if (voice !== undefined && (await isFile(join(dir, name)))) packs.set(voice, join(dir, name));
  }
  return packs;
}

/**
 * The model and voices (the .npz, single .bin packs or both; plus config.json when present), or undefined when
 * Kokoro is not installed.
 */
export async function findKokoroFiles(modelsDir: string): Promise<KokoroFiles | undefined> {
  const dir = kokoroDir(modelsDir);
  let model: string | undefined;
  for (const name of MODEL_NAMES) {
    if (await isFile(join(dir, name))) {
      model = join(dir, name);
      break;
    }
  }
  const voices = join(dir, VOICES_FILE);
  const config = join(dir, CONFIG_FILE);
  const hasNpz = await isFile(voices);
  const voicePacks = await findVoicePacks(join(dir, VOICE_PACK_DIR));
  if (model === undefined || (!hasNpz && voicePacks.size === 0)) return undefined;
  return {
    model,
    voices: hasNpz ? voices : undefined,
    voicePacks,
    config: (await isFile(config)) ? config : undefined,
  };
}

export async function loadVocab(path: string): Promise<Map<string, number>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new KokoroConfigError(`Kokoro config ${path} is not readable JSON`, { cause: error });
  }
  return parseKokoroVocab(json, path);
}

/**
 * One kokoro-js voice pack: the bytes are float32 little-endian style rows of 256 values (510 rows in every pack
 * kokoro-js ships), with no header; kokoro-js reads them the same way (new Float32Array(buffer)).
 */
export function parseVoicePackBin(bytes: Uint8Array, label: string): NpyArray {
  const rowBytes = STYLE_DIM * Float32Array.BYTES_PER_ELEMENT;
  if (bytes.byteLength === 0 || bytes.byteLength % rowBytes !== 0) {
    throw new KokoroConfigError(`Kokoro voice pack ${label} has ${bytes.byteLength} bytes, not a whole number of 256-value float32 rows`);
  }
  const rows = bytes.byteLength / rowBytes;
  const data = new Float32Array(rows * STYLE_DIM);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  return { shape: [rows, 1, STYLE_DIM], data };
}

/**
 * Voice name -> style pack from the .npz (if any) and the single .bin packs; a .bin replaces a same-named voice.
 * A damaged .npz fails the whole load (it is one download), a damaged .bin only skips its own voice.
 */
export async function loadAllVoicePacks(
  files: Pick<KokoroFiles, 'voices' | 'voicePacks'>,
  onSkippedPack: (path: string, reason: string) => void,
): Promise<Map<string, NpyArray>> {
  const packs = files.voices === undefined ? new Map<string, NpyArray>() : await loadVoicePacks(files.voices);
  for (const [name, path] of files.voicePacks) {
    try {
      packs.set(name, parseVoicePackBin(await readFile(path), path));
    } catch (error) {
      onSkippedPack(path, error instanceof KokoroConfigError ? error.message : 'not readable');
    }
  }
  return packs;
}

/** Voice name -> style pack, keeping only packs shaped [rows, 1, 256] or [rows, 256]. */
async function loadVoicePacks(path: string): Promise<Map<string, NpyArray>> {
  let arrays: Map<string, NpyArray>;
  try {
    arrays = parseNpz(await readFile(path));
  } catch (error) {
    const reason = error instanceof NpzFormatError ? error.message : 'unreadable';
    throw new KokoroConfigError(`Kokoro voices file ${path} is damaged (${reason})`, { cause: error });
  }
  for (const [name, array] of arrays) {
    const rows = array.shape[0];
    const perRow = array.shape.slice(1).reduce((product, dim) => product * dim, 1);
    if (array.shape.length < 2 || perRow !== STYLE_DIM || !(rows > 0)) {
      throw new KokoroConfigError(`Kokoro voice ${name} in ${path} has shape [${array.shape.join(', ')}], not [rows, 1, 256]`);
    }
  }
  return arrays;
}
