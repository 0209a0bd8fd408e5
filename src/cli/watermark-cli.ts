import { readFile } from 'node:fs/promises';
import { AudioPipelineError } from '../audio/audio-pipeline-error.ts';
import { detectWatermark } from '../audio/watermark/watermark-detector.ts';
import { formatPayload, payloadForId } from '../audio/watermark/watermark-payload.ts';
import { decodeAudioFile } from './audio-file-reader.ts';

const watermarkUsage = `Usage: npm run watermark -- detect <audio file> [--id <application id>]
Looks for the inaudible AI-speech watermark that the bot and npm run say put in all their speech.
  <audio file>  WAV (16-bit PCM, any sample rate) or Ogg Opus; about 3 s of speech or more
  --id          also say whether the mark's payload is the one this id (a bot's application id) gives
Prints "watermarked" with the payload and a confidence (exit 0), or "not watermarked" (exit 1).
Exit 2: bad arguments or a file that cannot be read.`;

export interface WatermarkIo {
  write(text: string): unknown;
  error(text: string): unknown;
}

/** Below this much audio a "not watermarked" says little: the carrier period is 2.73 s. */
const shortSeconds = 2.5;

/** `npm run watermark`; returns the exit code: 0 watermarked, 1 not watermarked, 2 bad input. */
export async function runWatermark(args: readonly string[], io: WatermarkIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.write(`${watermarkUsage}\n`);
    return 0;
  }
  const [command, file, ...rest] = args;
  let id: string | undefined;
  if (rest.length === 2 && rest[0] === '--id' && rest[1] !== '') id = rest[1];
  if (command !== 'detect' || file === undefined || file === '' || (rest.length > 0 && id === undefined)) {
    io.error(`${watermarkUsage}\n`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.error(code === 'ENOENT' ? `No such file: ${file}\n` : `Could not read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let samples: Float32Array;
  try {
    ({ samples } = await decodeAudioFile(bytes));
  } catch (error) {
    if (error instanceof AudioPipelineError) {
      io.error(`Could not read ${file} as audio: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const seconds = samples.length / 48_000;
  const result = detectWatermark(samples);
  const score = `score ${result.score.toFixed(1)}, threshold ${result.threshold.toFixed(1)}`;
  if (!result.watermarked) {
    const short = seconds < shortSeconds ? `; the file has only ${seconds.toFixed(1)} s of audio, a reliable check needs about 3 s of speech` : '';
    io.write(`not watermarked (${score}${short})\n`);
    return 1;
  }
  io.write(`watermarked: ${result.payloadText} (confidence ${(result.confidence * 100).toFixed(2)} %, ${score}, strongest at ${result.atSeconds.toFixed(1)} s)\n`);
  if (id !== undefined) {
    const expected = payloadForId(id);
    io.write(expected === result.payload
      ? `the payload matches id ${id}\n`
      : `the payload does not match id ${id} (that id gives ${formatPayload(expected)})\n`);
  }
  return 0;
}
