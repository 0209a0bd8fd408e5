// The one place that decides where settings come from (the environment, then a .env file) and where the voice
// models live (MODELS_DIR), for the bot and every CLI alike.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

/** The repository's models/ folder: the shipped vocoder, the manifest, and downloads under voices/. */
export const repositoryModelsDir = fileURLToPath(new URL('../../models', import.meta.url));

/** The dotenv file read by default: `.env` in the working directory (npm scripts run in the repository root). */
export const defaultEnvFile = '.env';

export interface Environment {
  /** The real environment, with the file's values where it has none (or an empty one). */
  readonly values: Readonly<Record<string, string | undefined>>;
  /** One line per problem with the file; empty when it was read or is absent. */
  readonly problems: readonly string[];
}

/** Reads `envFile` (null = none) under `env`: a variable set in the real environment wins over the file. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, envFile: string | null = defaultEnvFile): Environment {
  const values: Record<string, string | undefined> = {};
  const problems: string[] = [];
  if (envFile !== null && existsSync(envFile)) {
    try {
      Object.assign(values, parseEnv(readFileSync(envFile, 'utf8')));
    } catch (error) {
      problems.push(`the env file ${envFile} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') values[name] = value;
  }
  return { values, problems };
}

/** MODELS_DIR as an absolute path: relative values are taken from the working directory; unset = the repository's. */
export function resolveModelsDir(modelsDir: string | undefined): string {
  const value = modelsDir?.trim();
  return value ? resolve(value) : repositoryModelsDir;
}
