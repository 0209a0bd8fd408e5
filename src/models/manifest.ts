import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { repositoryModelsDir } from '../config/environment.ts';

/** One file of a fetchable voice, with the digest its publisher lists (md5 for Piper, sha256 for kokoro-onnx). */
export interface ManifestFile {
  readonly url: string;
  readonly size: number;
  readonly md5?: string;
  readonly sha256?: string;
  /** Where it goes, relative to the voices folder (`models/voices`); forward slashes, no `..`. */
  readonly path: string;
}

export interface ManifestVoice {
  /** `engine:voice` */
  readonly id: string;
  readonly engine: string;
  readonly language: string;
  readonly sampleRate: number;
  readonly license: string;
  readonly description: string;
  readonly files: readonly ManifestFile[];
}

export interface VoiceManifest {
  readonly voices: readonly ManifestVoice[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** models/manifest.json in this checkout. */
export const defaultManifestPath = fileURLToPath(new URL('../../models/manifest.json', import.meta.url));
/** models/ in this checkout: shipped weights, and downloaded voices under voices/. */
/** The repository's models/ folder; MODELS_DIR is resolved in one place, src/config/environment.ts. */
export const defaultModelsDir = repositoryModelsDir;

export function fetchCommandFor(voiceId: string): string {
  return `npm run models -- fetch ${voiceId}`;
}

function isSafeRelativePath(path: string): boolean {
  return (
    path.length > 0 &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    path.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

function fail(where: string, problem: string): never {
  throw new ManifestError(`models manifest: ${where}: ${problem}`);
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(where, 'must be a non-empty string');
  return value;
}

function parseFile(raw: unknown, where: string): ManifestFile {
  if (typeof raw !== 'object' || raw === null) fail(where, 'must be an object');
  const file = raw as Record<string, unknown>;
  const url = requireString(file.url, `${where}.url`);
  if (!/^https?:\/\//.test(url)) fail(`${where}.url`, 'must be an http(s) URL');
  const path = requireString(file.path, `${where}.path`);
  if (!isSafeRelativePath(path)) fail(`${where}.path`, `"${path}" must be a relative path inside the voices folder`);
  if (typeof file.size !== 'number' || !Number.isSafeInteger(file.size) || file.size <= 0) {
    fail(`${where}.size`, 'must be a positive whole number of bytes');
  }
  const md5 = file.md5 === undefined ? undefined : requireString(file.md5, `${where}.md5`).toLowerCase();
  const sha256 = file.sha256 === undefined ? undefined : requireString(file.sha256, `${where}.sha256`).toLowerCase();
  if (md5 !== undefined && !/^[0-9a-f]{32}$/.test(md5)) fail(`${where}.md5`, 'must be 32 hex digits');
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) fail(`${where}.sha256`, 'must be 64 hex digits');
  return { url, path, size: file.size, ...(md5 ? { md5 } : {}), ...(sha256 ? { sha256 } : {}) };
}

/** Validates a parsed manifest.json; throws ManifestError naming the first bad field. */
export function parseManifest(raw: unknown): VoiceManifest {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { voices?: unknown }).voices)) {
    fail('top level', 'must be an object with a "voices" array');
  }
  const seen = new Set<string>();
  const voices = (raw as { voices: unknown[] }).voices.map((entry, index): ManifestVoice => {
    const where = `voices[${index}]`;
    if (typeof entry !== 'object' || entry === null) fail(where, 'must be an object');
    const voice = entry as Record<string, unknown>;
    const id = requireString(voice.id, `${where}.id`);
    const engine = requireString(voice.engine, `${where}.engine`);
    if (!id.startsWith(`${engine}:`)) fail(`${where}.id`, `"${id}" must start with "${engine}:"`);
    if (seen.has(id)) fail(`${where}.id`, `"${id}" appears twice`);
    seen.add(id);
    if (typeof voice.sampleRate !== 'number' || !(voice.sampleRate > 0)) fail(`${where}.sampleRate`, 'must be positive');
    if (!Array.isArray(voice.files) || voice.files.length === 0) fail(`${where}.files`, 'must be a non-empty array');
    return {
      id,
      engine,
      language: requireString(voice.language, `${where}.language`),
      sampleRate: voice.sampleRate,
      license: requireString(voice.license, `${where}.license`),
      description: requireString(voice.description, `${where}.description`),
      files: voice.files.map((file, fileIndex) => parseFile(file, `${where}.files[${fileIndex}]`)),
    };
  });
  return { voices };
}

export async function loadManifest(path: string = defaultManifestPath): Promise<VoiceManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ManifestError(`could not read the models manifest ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`the models manifest ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest(raw);
}

/**
 * Where a file is fetched from. With a base URL (MODELS_BASE_URL, e.g. a mirror or a test server) the file's
 * manifest `path` is appended to it, so a mirror only has to lay files out as they lie in models/voices.
 */
export function resolveFileUrl(file: ManifestFile, baseUrl?: string): string {
  if (!baseUrl) return file.url;
  return `${baseUrl.replace(/\/+$/, '')}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
}
