import { writeFile } from 'node:fs/promises';
import type { AudioChunk } from '../audio/audio-chunk.ts';
import { createSpeechGenerator } from '../generator/create-speech-generator.ts';
import type { SpeechGeneratorOptions } from '../generator/create-speech-generator.ts';
import { SpeechError } from '../generator/speech-request.ts';
import { collectPcm48k, processToPcm48k } from '../audio/pcm-pipeline.ts';
import { encodeWav } from '../audio/wav.ts';
import { typicalVoiceLoudnessLufs } from '../audio/voice-loudness.ts';
import { OggOpusWriter } from './ogg-opus-writer.ts';
import { encodeOpusFrames } from './opus-encode.ts';
import { resolveModelsDir } from '../config/environment.ts';
import { NEURAL_VOCODER_PRECISIONS, type NeuralVocoderPrecision } from '../config/bot-config.ts';
import { onOff } from '../config/load-config.ts';
import { outputPathProblem } from './output-path.ts';
import { parseSayArgs, sayUsage, speakerRequestFields, UsageError, wantsHelp } from './say-args.ts';

export interface SayIo {
  write(text: string): unknown;
  error(text: string): unknown;
}

/** Passes chunks through, timing the first one and adding up the audio (net of crossfade overlaps). */
async function* measured(source: AsyncIterable<AudioChunk>, started: number, timings: { first?: number; seconds: number; end?: number }) {
  for await (const chunk of source) {
    timings.first ??= performance.now() - started;
    timings.seconds += (chunk.samples.length - chunk.overlap) / chunk.sampleRate;
    yield chunk;
  }
  timings.end = performance.now() - started;
}

/** NEURAL_VOCODER as the bot reads it, so `say` renders what the bot would (unset: the generator's default). */
function vocoderFrom(value: string | undefined): NeuralVocoderPrecision | undefined {
  const wanted = value?.trim().toLowerCase() ?? '';
  if (wanted === '') return undefined;
  if (!(NEURAL_VOCODER_PRECISIONS as readonly string[]).includes(wanted)) {
    throw new UsageError(`NEURAL_VOCODER must be one of ${NEURAL_VOCODER_PRECISIONS.join(', ')} (got "${wanted.slice(0, 20)}").`);
  }
  return wanted as NeuralVocoderPrecision;
}

/** WATERMARK as the bot reads it (unset: on), so files from `say` carry the same mark as the bot's speech. */
function watermarkFrom(value: string | undefined): boolean {
  const wanted = value?.trim() ?? '';
  if (wanted === '') return true;
  try {
    return onOff(wanted);
  } catch {
    throw new UsageError(`WATERMARK must be on or off (got "${wanted.slice(0, 20)}").`);
  }
}

/**
 * `npm run say`; returns the exit code: 0 written, 1 failed, 2 bad input. `env` is the environment with .env applied
 * (src/config/environment.ts). Arguments and the output folder are checked before any model loads.
 */
export async function runSay(args: readonly string[], env: Readonly<Record<string, string | undefined>>, io: SayIo, generatorOptions: SpeechGeneratorOptions = {}): Promise<number> {
  if (wantsHelp(args)) {
    io.write(`${sayUsage}\n`);
    return 0;
  }
  let parsed;
  let speakers;
  let vocoder: NeuralVocoderPrecision | undefined;
  let watermark: boolean;
  try {
    parsed = parseSayArgs(args, env.DEFAULT_VOICE || 'neural:slt');
    speakers = speakerRequestFields(parsed.text, parsed.voice);
    const problem = outputPathProblem(parsed.out);
    if (problem) throw new UsageError(problem);
    vocoder = vocoderFrom(env.NEURAL_VOCODER);
    watermark = watermarkFrom(env.WATERMARK);
  } catch (error) {
    if (error instanceof UsageError) {
      io.error(`${error.message}\n\n${sayUsage}\n`);
      return 2;
    }
    throw error;
  }
  const coldStarted = performance.now();
  const generator = await createSpeechGenerator({
    workers: 1,
    modelsDir: resolveModelsDir(env.MODELS_DIR),
    ...(vocoder ? { neuralVocoder: vocoder } : {}),
    log: (level, message) => {
      if (level === 'error') io.error(`[generator] ${message}\n`);
    },
    ...generatorOptions,
  });
  try {
    // A fresh process pays for the worker, the model load and the first inference; a running bot has paid it at
    // start-up. Warm up first so the time to first audio below is the one a bot user sees, and show the cold one apart.
    await generator.pool.warmUp([...new Set(speakers.turns?.map((turn) => turn.voice) ?? [speakers.voice])]);
    const coldMs = performance.now() - coldStarted;
    const started = performance.now();
    const timings: { first?: number; seconds: number; end?: number } = { seconds: 0 };
    const source = measured(generator.stream({
      ...speakers,
      ...(parsed.speed !== undefined ? { speed: parsed.speed } : {}),
      ...(parsed.variation !== undefined ? { variation: parsed.variation } : {}),
    }), started, timings);
    // The bot's own float pipeline (crossfade, trim, loudness from the voice's known level as the workers start it,
    // limiter, resampling, clipping) so the file sounds like the bot.
    const pcm = await collectPcm48k(processToPcm48k(source, {
      expectedLoudnessLufs: typicalVoiceLoudnessLufs(speakers.voice),
      watermark,
      watermarkId: env.DISCORD_CLIENT_ID?.trim() ?? '',
    }));
    let file: Buffer;
    if (parsed.format === 'wav') {
      file = encodeWav(pcm, 48000);
    } else {
      const writer = new OggOpusWriter({ channels: 1, inputSampleRate: 48000 });
      for (const packet of await encodeOpusFrames(pcm)) writer.writePacket(packet);
      file = writer.finish(pcm.length);
    }
    const writtenSeconds = pcm.length / 48000;
    await writeFile(parsed.out, file);
    const synthesisMs = timings.end ?? performance.now() - started;
    const rtf = timings.seconds > 0 ? synthesisMs / 1000 / timings.seconds : 0;
    io.write(
      `voice ${speakers.turns ? speakers.turns.map((turn) => turn.voice).join(', ') : speakers.voice}; cold start ${Math.round(coldMs)} ms (worker, model load, warm-up phrase; once per process, a running bot has done it)\n` +
        `time to first audio ${Math.round(timings.first ?? 0)} ms (warm); ` +
        `${timings.seconds.toFixed(2)} s of audio made in ${(synthesisMs / 1000).toFixed(2)} s (real-time factor ${rtf.toFixed(3)})\n` +
        `wrote ${parsed.out} (${writtenSeconds.toFixed(2)} s, ${parsed.format === 'wav' ? '48 kHz 16-bit WAV' : 'Ogg Opus 48 kHz'}) via the bot's audio pipeline\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SpeechError) {
      io.error(`${error.message}\n`);
      return error.isRequestError ? 2 : 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      io.error(`Could not write ${parsed.out}: ${(error as Error).message}\n`);
      return 2;
    }
    io.error(`Something went wrong: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await generator.close();
  }
}
