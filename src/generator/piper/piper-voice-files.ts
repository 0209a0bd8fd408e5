/**
 * Where Piper voices live on disk, as users download them from rhasspy/piper-voices:
 *   ${modelsDir}/voices/piper/<name>/<name>.onnx        full model (one call per sentence)
 *   ${modelsDir}/voices/piper/<name>/<name>.onnx.json   its config
 *   ${modelsDir}/voices/piper/<name>/<name>.encoder.onnx + <name>.decoder.onnx
 *       optional split (Piper's export_onnx_streaming.py) that lets the decoder run in chunks for streaming
 *   ${modelsDir}/voices/piper/<name>/MODEL_CARD         optional; its "License:" line is reported
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface PiperVoiceFiles {
  readonly name: string;
  readonly dir: string;
  readonly config: string;
  /** Present when the full model is on disk. */
  readonly model?: string;
  /** Both present when the streaming split is on disk. */
  readonly encoder?: string;
  readonly decoder?: string;
}

/** Names users may type; also keeps a voice name from walking out of the voices folder. */
const VOICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

function isValidPiperVoiceName(name: string): boolean {
  return VOICE_NAME.test(name) && !name.includes('..');
}

function piperVoicesDir(modelsDir: string): string {
  return join(modelsDir, 'voices', 'piper');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The files of one voice; undefined when its folder or config is missing. */
export async function findPiperVoiceFiles(modelsDir: string, name: string): Promise<PiperVoiceFiles | undefined> {
  if (!isValidPiperVoiceName(name)) return undefined;
  const dir = join(piperVoicesDir(modelsDir), name);
  const config = join(dir, `${name}.onnx.json`);
  if (!(await isFile(config))) return undefined;
  const model = join(dir, `${name}.onnx`);
  const encoder = join(dir, `${name}.encoder.onnx`);
  const decoder = join(dir, `${name}.decoder.onnx`);
  const [hasModel, hasEncoder, hasDecoder] = await Promise.all([isFile(model), isFile(encoder), isFile(decoder)]);
  const split = hasEncoder && hasDecoder;
  return {
    name,
    dir,
    config,
    model: hasModel ? model : undefined,
    encoder: split ? encoder : undefined,
    decoder: split ? decoder : undefined,
  };
}

export function isInstalled(files: PiperVoiceFiles): boolean {
  return files.model !== undefined || files.encoder !== undefined;
}

/** Every voice folder with a config, sorted by name. */
export async function listPiperVoiceFiles(modelsDir: string): Promise<PiperVoiceFiles[]> {
  let entries: string[];
  try {
    entries = await readdir(piperVoicesDir(modelsDir));
  } catch {
    return [];
  }
  const found = await Promise.all(entries.sort().map((name) => findPiperVoiceFiles(modelsDir, name)));
  return found.filter((files): files is PiperVoiceFiles => files !== undefined);
}

/** The licence named on a MODEL_CARD's "License:" line, when there is one. */
export async function readModelCardLicense(files: PiperVoiceFiles): Promise<string | undefined> {
  try {
    const card = await readFile(join(files.dir, 'MODEL_CARD'), 'utf8');
    return /^\s*\*?\s*License:\s*(\S+)/im.exec(card)?.[1];
  } catch {
    return undefined;
  }
}
