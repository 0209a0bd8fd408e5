// npm run voices: every voice the engines have installed, and the manifest's fetchable ones.
import { readEnvironment, resolveModelsDir } from '../config/environment.ts';
import { createSpeechGenerator } from '../generator/create-speech-generator.ts';
import { formatVoiceTable } from './voice-table.ts';

const usage = `Usage: npm run voices
Lists every voice: installed ones and those npm run models -- fetch <voice> can download.
Reads MODELS_DIR from the environment or .env, like the bot (default: the repository's models/ folder).
`;

async function listVoices(modelsDir: string): Promise<number> {
  const generator = await createSpeechGenerator({
    workers: 1,
    modelsDir,
    log: (level, message, fields) => {
      // Engines that cannot load are worth one line each; their voices are simply missing from the table.
      if (level === 'warn' || level === 'error') {
        const reason = typeof fields?.reason === 'string' ? `: ${fields.reason.split('\n')[0]}` : '';
        process.stderr.write(`note: ${message}${reason}\n`);
      }
    },
  });
  try {
    process.stdout.write(`Voices in ${modelsDir}\n\n${formatVoiceTable(await generator.listVoices())}`);
    return 0;
  } catch (error) {
    process.stderr.write(`Could not list voices: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await generator.close();
  }
}

const args = process.argv.slice(2);
const environment = readEnvironment();
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage);
} else if (args.length > 0) {
  process.stderr.write(`Unknown argument ${args[0]}.\n${usage}`);
  process.exitCode = 2;
} else if (environment.problems.length > 0) {
  process.stderr.write(`${environment.problems.join('\n')}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await listVoices(resolveModelsDir(environment.values.MODELS_DIR));
}
