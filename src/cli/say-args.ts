import type { SpeechTurn } from '../generator/speech-request.ts';
import { MAX_SPEAKER_TURNS, SPEED, VARIATION } from '../limits/speech-limits.ts';
import { parseSpeakerTurns } from '../text/speaker-markup.ts';

export interface SayArguments {
  readonly text: string;
  readonly voice: string;
  readonly speed?: number;
  /** How much a sampling voice (Piper) varies; absent = 1, the voice as trained. */
  readonly variation?: number;
  readonly out: string;
  readonly format: 'wav' | 'ogg';
}

/** A mistake in how the command was called: shown with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help` or `-h` anywhere: the usage goes to stdout, exit code 0, nothing else is looked at. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--help' || arg === '-h');
}

export const sayUsage = `Usage: npm run say -- "text to read" [--voice engine:voice] [--speed ${SPEED.min}..${SPEED.max}] [--variation ${VARIATION.min}..${VARIATION.max}] --out file.ogg|file.wav
  --voice      default neural:slt (or DEFAULT_VOICE); npm run voices lists them
  --speed      speaking rate from ${SPEED.min} to ${SPEED.max}, 1 = natural
  --variation  how much a sampling voice (Piper) varies: ${VARIATION.min} = flat and the same every time, 1 = as trained
               (default), up to ${VARIATION.max}; other engines ignore it
  --out        .wav (48 kHz PCM) or .ogg (Ogg Opus, as the bot sends it); the folder must exist
  --help       this text
Several speakers: "[neural:rms] Hello there. [neural:slt] Hi!" (text before the first tag uses --voice).
Reads MODELS_DIR and DEFAULT_VOICE from the environment or .env, like the bot.`;

export function parseSayArgs(args: readonly string[], defaultVoice = 'neural:slt'): SayArguments {
  const words: string[] = [];
  let voice = defaultVoice;
  let speed: number | undefined;
  let variation: number | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      return next;
    };
    if (arg === '--voice' || arg === '-v') voice = value();
    else if (arg === '--speed' || arg === '-s') {
      const raw = value();
      speed = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(speed)) throw new UsageError(`--speed must be a number, not "${raw}".`);
      if (speed < SPEED.min || speed > SPEED.max) throw new UsageError(`--speed must be from ${SPEED.min} to ${SPEED.max} (1 is natural), not ${raw}.`);
    } else if (arg === '--variation') {
      const raw = value();
      variation = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(variation)) throw new UsageError(`--variation must be a number, not "${raw}".`);
      if (variation < VARIATION.min || variation > VARIATION.max) {
        throw new UsageError(`--variation must be from ${VARIATION.min} (flat) to ${VARIATION.max} (1 is the voice as trained), not ${raw}.`);
      }
    } else if (arg === '--out' || arg === '-o') out = value();
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
    else words.push(arg);
  }
  const text = words.join(' ');
  if (text.trim() === '') throw new UsageError('Say what to read, e.g. npm run say -- "Hello there" --out out/hello.wav');
  if (!out) throw new UsageError('Say where to write the audio with --out file.wav or --out file.ogg.');
  const extension = out.toLowerCase().split('.').pop();
  if (extension !== 'wav' && extension !== 'ogg' && extension !== 'opus') {
    throw new UsageError(`--out must end in .wav or .ogg, not "${out}".`);
  }
  return { text, voice, ...(speed !== undefined ? { speed } : {}), ...(variation !== undefined ? { variation } : {}), out, format: extension === 'wav' ? 'wav' : 'ogg' };
}

/**
 * The voice, words and speaker turns of the text's `[engine:voice]` markup (as /say reads it): `turns` only when more
 * than one voice speaks. Whether the voices exist is the generator's to say (a SpeechError naming the voice).
 */
export function speakerRequestFields(text: string, voice: string): { voice: string; text: string; turns?: SpeechTurn[] } {
  const parsed = parseSpeakerTurns(text);
  if (parsed.length > MAX_SPEAKER_TURNS) throw new UsageError(`The text has ${parsed.length} speaker turns; at most ${MAX_SPEAKER_TURNS} are allowed.`);
  const turns: SpeechTurn[] = [];
  for (const turn of parsed) {
    const turnVoice = turn.voice ?? voice;
    const last = turns.at(-1);
    if (last?.voice === turnVoice) turns[turns.length - 1] = { voice: turnVoice, text: `${last.text} ${turn.text}` };
    else turns.push({ voice: turnVoice, text: turn.text });
  }
  const words = turns.map((turn) => turn.text).join(' ');
  if (words === '') throw new UsageError('There is nothing to read besides the speaker tags.');
  return turns.length > 1 ? { voice: turns[0].voice, text: words, turns } : { voice: turns[0].voice, text: words };
}
