// npm run watermark -- detect <audio file>   (see watermark-cli.ts)
import { runWatermark } from './watermark-cli.ts';

process.exitCode = await runWatermark(process.argv.slice(2), {
  write: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
});
