import { join, resolve } from 'node:path';
import { closeMatches } from '../generator/registry/close-matches.ts';
import { defaultManifestPath, defaultModelsDir, loadManifest, ManifestError } from './manifest.ts';
import type { ManifestVoice } from './manifest.ts';
import { DownloadError } from './downloader.ts';
import { fetchVoice, isVoiceOnDisk } from './fetch-voice.ts';
import { createProgressReporter, formatBytes } from './progress.ts';
import type { ProgressOutput } from './progress.ts';

export interface CliIo {
  readonly stdout: ProgressOutput;
  readonly stderr: ProgressOutput;
}

const usage = `Usage:
  npm run models -- list                 voices in the manifest and whether they are installed
  npm run models -- fetch <voice-id>...  download voices, e.g. npm run models -- fetch piper:en_US-lessac-medium

Environment: MODELS_DIR (default models/; voices go to <MODELS_DIR>/voices), MODELS_BASE_URL (fetch
<base>/<path> instead of the publisher's URLs, for mirrors and tests), MODELS_MANIFEST (default models/manifest.json).
`;

function uniqueBytes(voice: ManifestVoice): number {
  return voice.files.reduce((sum, file) => sum + file.size, 0);
}

/** `npm run models -- ...`; returns the exit code: 0 done, 1 a download failed, 2 bad usage. */
export async function runModelsCli(args: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(usage);
    return command ? 0 : 2;
  }
  const modelsDir = resolve(env.MODELS_DIR || defaultModelsDir);
  const voicesDir = join(modelsDir, 'voices');
  let voices: readonly ManifestVoice[];
  try {
    voices = (await loadManifest(env.MODELS_MANIFEST || defaultManifestPath)).voices;
  } catch (error) {
    io.stderr.write(`${error instanceof ManifestError ? error.message : String(error)}\n`);
    return 1;
  }

  if (command === 'list') {
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
    const voice = voices.find((v) => v.id === id) ?? voices.find((v) => v.id.toLowerCase() === id.toLowerCase());
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
