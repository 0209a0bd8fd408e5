// npm run say -- "text" [--voice V] [--speed S] --out file.ogg|file.wav   (see say-command.ts)
import { runSay } from './say-command.ts';

process.exitCode = await runSay(process.argv.slice(2), process.env, {
  write: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
});
