/**
 * Kokoro-82M on disk, as the kokoro-onnx project ships it (release model-files-v1.0):
 *   ${modelsDir}/voices/kokoro/kokoro-v1.0.onnx      the model (or kokoro-v1.0.fp16.onnx / kokoro-v1.0.int8.onnx)
 *   ${modelsDir}/voices/kokoro/voices-v1.0.bin       numpy .npz: voice name -> float32 [510, 1, 256] style vectors
 *   ${modelsDir}/voices/kokoro/config.json           optional: Kokoro's config.json, whose "vocab" (phoneme -> id)
 *                                                    replaces the built-in v1.0 vocab (kokoro-default-vocab.ts)
 * Every voice in the .npz is one `kokoro:<name>` voice (af_heart, bm_george, ...); the first letter of the name is
 * its language, the second its gender.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NpzFormatError, parseNpz } from './npz-reader.ts';
import type { NpyArray } from './npz-reader.ts';
import { KokoroConfigError, parseKokoroVocab, STYLE_DIM } from './kokoro-tokens.ts';

export const KOKORO_SAMPLE_RATE = 24000;
const MODEL_NAMES = ['kokoro-v1.0.onnx', 'kokoro-v1.0.fp16.onnx', 'kokoro-v1.0.int8.onnx'];
const VOICES_FILE = 'voices-v1.0.bin';
const CONFIG_FILE = 'config.json';

export interface KokoroLanguage {
  /** BCP-47-ish tag for VoiceInfo. */
  readonly tag: string;
  /** espeak-ng voice that phonemises it (what kokoro-onnx passes as `lang`). */
  readonly espeakVoice: string;
}

/** Kokoro's voice-name prefixes (hexgrad/Kokoro-82M VOICES.md). */
const LANGUAGES: Readonly<Record<string, KokoroLanguage>> = {
  a: { tag: 'en-US', espeakVoice: 'en-us' },
  b: { tag: 'en-GB', espeakVoice: 'en-gb' },
  e: { tag: 'es-ES', espeakVoice: 'es' },
  f: { tag: 'fr-FR', espeakVoice: 'fr-fr' },
  h: { tag: 'hi-IN', espeakVoice: 'hi' },
  i: { tag: 'it-IT', espeakVoice: 'it' },
  j: { tag: 'ja-JP', espeakVoice: 'ja' },
  p: { tag: 'pt-BR', espeakVoice: 'pt-br' },
  z: { tag: 'zh-CN', espeakVoice: 'cmn' },
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
  readonly voices: string;
  /** Absent when the built-in vocab is to be used. */
  readonly config?: string;
}

/** The model and voices files (plus config.json when present), or undefined when Kokoro is not installed. */
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
  if (model === undefined || !(await isFile(voices))) return undefined;
  return { model, voices, config: (await isFile(config)) ? config : undefined };
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

/** Voice name -> style pack, keeping only packs shaped [rows, 1, 256] or [rows, 256]. */
export async function loadVoicePacks(path: string): Promise<Map<string, NpyArray>> {
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
