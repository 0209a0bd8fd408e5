import { splitClauses } from './clauses.ts';
import type { Clause, ClauseOptions } from './clauses.ts';
import { EspeakWasm } from './espeak-wasm.ts';
import { splitSentences } from './sentences.ts';

/**
 * A made-up word put before every clause. espeak-ng prints one line of phonemes per clause but not the punctuation
 * that ended it; with this marker as a clause of its own between ours, every line can be traced back to the clause
 * (and so the punctuation) it came from, even where espeak-ng splits a clause further ("Dr." ends one for it).
 * Its capital letter makes sure espeak-ng ends the previous clause at a full stop too.
 */
const marker = 'Zxqv;';
const phonemeFile = '/tmp/phonemes.txt';

/**
 * Text -> IPA phonemes the way Piper's piper-phonemize makes them from espeak-ng: stress marks kept, words separated
 * by spaces, clause punctuation (, . ; : ! ?) appended to its clause followed by a space, language-switch flags such
 * as "(en)" removed, one string per sentence. Runs espeak-ng's WebAssembly build, kept warm between calls.
 */
export class EspeakPhonemizer {
  #espeak: EspeakWasm;
  #closed = false;

  private constructor(espeak: EspeakWasm) {
    this.#espeak = espeak;
  }

  static async create(): Promise<EspeakPhonemizer> {
    return new EspeakPhonemizer(await EspeakWasm.create());
  }

  /**
   * `espeakVoice` is an espeak-ng voice or language name (a Piper voice's `espeak.voice`, e.g. `en-us`, `de`).
   * `options` says which marks end a clause (src/text/clauses.ts). Returns one phoneme string per sentence, [] when
   * the text has nothing speakable. Rejects with a plain Error
   * naming the voice when espeak-ng does not know it.
   */
  async phonemize(text: string, espeakVoice: string, options: ClauseOptions = {}): Promise<string[]> {
    if (this.#closed) throw new Error('EspeakPhonemizer is closed');
    if (!/^[\w\-+/.]{1,40}$/u.test(espeakVoice)) throw new Error(`"${espeakVoice}" is not an espeak-ng voice name`);
    const sentences = splitSentences(text, languageOf(espeakVoice)).map((sentence) => splitClauses(sentence, options));
    const clauses = sentences.flat();
    if (clauses.length === 0) return [];
    await this.#ensureRunning();

    const phonemes = this.#phonemizeMarked(clauses, espeakVoice) ?? clauses.map((c) => this.#phonemizeOne(c, espeakVoice));
    const result: string[] = [];
    let index = 0;
    for (const sentence of sentences) {
      const parts: string[] = [];
      for (const clause of sentence) {
        const spoken = phonemes[index++];
        if (spoken !== '' || parts.length > 0) parts.push(spoken + clause.punctuation);
      }
      const joined = parts.join(' ').replace(/\s+/gu, ' ').trim();
      if (joined !== '' && /[^\s,.;:!?]/u.test(joined)) result.push(joined);
    }
    return result;
  }

  close(): void {
    this.#closed = true;
    this.#espeak.close();
  }

  async #ensureRunning(): Promise<void> {
    if (this.#espeak.broken) this.#espeak = await EspeakWasm.create();
  }

  /** All clauses in one espeak-ng run, each after a marker; undefined when the lines cannot be matched up. */
  #phonemizeMarked(clauses: readonly Clause[], voice: string): string[] | undefined {
    const input = clauses.map((clause) => `${marker} ${clause.text}`).join(' ');
    const lines = this.#runIpa(input, voice);
    const markerLine = lines[0];
    if (markerLine === undefined || markerLine === '') return undefined;
    const groups: string[][] = [];
    for (const line of lines) {
      if (line === '') continue;
      if (line === markerLine) groups.push([]);
      else groups[groups.length - 1].push(line);
    }
    if (groups.length !== clauses.length) return undefined;
    return groups.map((group) => group.join(' '));
  }

  #phonemizeOne(clause: Clause, voice: string): string {
    return this.#runIpa(clause.text, voice).filter((line) => line !== '').join(' ');
  }

  /** One espeak-ng run: one line of IPA per clause it found, language flags removed. */
  #runIpa(text: string, voice: string): string[] {
    const run = this.#espeak.run(['-q', '-b', '1', '--ipa', '--phonout', phonemeFile, '-v', voice, '--', text], {
      outputs: [phonemeFile],
    });
    const output = run.files.get(phonemeFile);
    if (run.exitCode !== 0 || output === undefined) {
      const why = run.stderr.join(' ').replace(/^Error:\s*/u, '') || `exit code ${run.exitCode}`;
      throw new Error(`espeak-ng could not phonemize with voice "${voice}": ${why}`);
    }
    return new TextDecoder()
      .decode(output)
      .split('\n')
      .map((line) => line.replace(/\([a-z]{2,3}(?:-[a-z0-9]+)*\)/giu, '').replace(/\s+/gu, ' ').trim());
  }
}

/** espeak voice names start with their language ("en-us", "cmn", "gmw/en-GB-x-rp" is not used by Piper). */
function languageOf(voice: string): string {
  return voice.split(/[+/]/u)[0] || 'en';
}
