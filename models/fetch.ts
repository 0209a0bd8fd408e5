// npm run models -- list | fetch <voice-id>...   (see src/models/models-cli.ts)
import { runModelsCli } from '../src/models/models-cli.ts';

process.exitCode = await runModelsCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
