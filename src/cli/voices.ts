// npm run voices: every voice the engines have installed, and the manifest's fetchable ones.
import { createSpeechGenerator } from '../generator/create-speech-generator.ts';
import { formatVoiceTable } from './voice-table.ts';

const generator = await createSpeechGenerator({
  workers: 1,
  log: (level, message, fields) => {
    // Engines that cannot load are worth one line each; their voices are simply missing from the table.
    if (level === 'warn' || level === 'error') {
      const reason = typeof fields?.reason === 'string' ? `: ${fields.reason.split('\n')[0]}` : '';
      process.stderr.write(`note: ${message}${reason}\n`);
    }
  },
});
try {
  process.stdout.write(formatVoiceTable(await generator.listVoices()));
} catch (error) {
  process.stderr.write(`Could not list voices: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await generator.close();
}
