// npm run models -- list | fetch <voice-id>...   (see src/cli/models-cli.ts)
import { readEnvironment } from '../src/config/environment.ts';
import { runModelsCli } from '../src/cli/models-cli.ts';

const environment = readEnvironment();
if (environment.problems.length > 0) {
  process.stderr.write(`${environment.problems.join('\n')}\n`);
  process.exitCode = 2;
} else {
  process.exitCode = await runModelsCli(process.argv.slice(2), environment.values, { stdout: process.stdout, stderr: process.stderr });
}
