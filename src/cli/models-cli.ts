import { join } from 'node:path';
import { resolveModelsDir } from '../config/environment.ts';
import { closeMatches } from '../generator/registry/close-matches.ts';
import { defaultManifestPath, loadManifest, ManifestError } from '../models/manifest.ts';
import type { ManifestVoice } from '../models/manifest.ts';
import { DownloadError } from '../models/downloader.ts';
import { fetchVoice, isVoiceOnDisk } from '../models/fetch-voice.ts';
import { createProgressReporter, formatBytes } from '../models/progress.ts';
import type { ProgressOutput } from '../models/progress.ts';

export interface CliIo {
  readonly stdout: ProgressOutput;
  readonly stderr: ProgressOutput;
}

const usage = `Usage:
  npm run models -- list                 voices in the manifest and whether they are installed
  npm run models -- fetch <voice-id>...  download voices, e.g. npm run models -- fetch piper:en_US-lessac-medium

Environment (or .env, like the bot): MODELS_DIR (default the repository's models/; voices go to
<MODELS_DIR>/voices), MODELS_BASE_URL (fetch <base>/<path> instead of the publisher's URLs: a download mirror),
MODELS_MANIFEST (default models/manifest.json).
The neural, flite and espeak voices are built in and need no download.
`;

function uniqueBytes(voice: ManifestVoice): number {
  return voice.files.reduce((sum, file) => sum + file.size, 0);
}

/** Engines whose voices ship with the code or its npm packages: nothing to fetch. */
const builtInEngines: ReadonlySet<string> = new Set(['neural', 'flite', 'espeak']);

/**
 * `npm run models -- ...`; returns the exit code: 0 done, 1 a download failed, 2 bad usage. `env` is the environment
 * with .env applied (src/config/environment.ts).
 */
export async function runModelsCli(args: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(usage);
    return command ? 0 : 2;
  }
  const modelsDir = resolveModelsDir(env.MODELS_DIR);
  const voicesDir = join(modelsDir, 'voices');
  let voices: readonly ManifestVoice[];
  try {
    voices = (await loadManifest(env.MODELS_MANIFEST || defaultManifestPath)).voices;
  } catch (error) {
    io.stderr.write(`${error instanceof ManifestError ? error.message : String(error)}\n`);
    return 1;
  }

  if (command === 'list') {
    io.stdout.write(`Voices in ${voicesDir} (neural, flite and espeak voices are built in: npm run voices lists them)\n`);
    for (const voice of voices) {
      const installed = await isVoiceOnDisk(voice, voicesDir);
      io.stdout.write(
        `${installed ? 'installed ' : 'fetchable '} ${voice.id.padEnd(34)} ${voice.language.padEnd(6)} ${formatBytes(uniqueBytes(voice)).padStart(9)}  ${voice.description}\n`,
      );
    }
    return 0;
  }

  if (command !== 'fetch') {
    io.stderr.write(`Unknown command "${command}".\n${usage}`);
    return 2;
  }
  if (rest.length === 0) {
    io.stderr.write(`Say which voice to fetch.\n${usage}`);
    return 2;
  }
  const wanted: ManifestVoice[] = [];
  for (const id of rest) {
    const engine = id.split(':')[0].toLowerCase();
    if (builtInEngines.has(engine) && id.includes(':')) {
      io.stdout.write(`${id} is built in: it needs no download (npm run voices lists the built-in voices).\n`);
      continue;
    }
    const voice =  voices.find((v) => v.id === id) ?? voices.find((v) => v.id.toLowerCase() === id.toLowerCase());
    if (!voice) {
      const matches = closeMatches(id, voices.map((v) => v.id));
      io.stderr.write(
        `There is no fetchable voice "${id}".${matches.length ? ` Did you mean ${matches.join(', ')}?` : ''} ` +
          'See npm run models -- list.\n',
      );
      return 2;
    }
    wanted.push(voice);
  }

  for (const voice of wanted) {
    io.stdout.write(`Fetching ${voice.id} (${voice.license}) into ${voicesDir}\n`);
    let reporter: ReturnType<typeof createProgressReporter> | undefined;
    try {
      await fetchVoice(voice, {
        voicesDir,
        baseUrl: env.MODELS_BASE_URL || undefined,
        onFile: (file) => {
          const current = createProgressReporter(io.stdout, `  ${file.path}`);
          reporter = current;
          return (received, total) => current.update(received, total);
        },
        onFileDone: (file, result) => {
          reporter?.done(
            result.outcome === 'present' ? 'already present, verified' : `${result.outcome}, ${formatBytes(file.size)} verified`,
          );
        },
      });
    } catch (error) {
      if (error instanceof DownloadError) {
        io.stdout.write('\n');
        io.stderr.write(`Could not fetch ${voice.id}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    io.stdout.write(`${voice.id} is installed.\n`);
  }
  return 0;
}
