// npm run say -- "text" [--voice V] [--speed S] --out file.ogg|file.wav   (see say-cli.ts)
import { readEnvironment } from '../config/environment.ts';
import { runSay } from './say-cli.ts';

const environment = readEnvironment();
if (environment.problems.length > 0) {
  process.stderr.write(`${environment.problems.join('\n')}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await runSay(process.argv.slice(2), environment.values, {
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
  });
}
