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

export interface PhonemizeOptions extends ClauseOptions {
  /**
   * Stress marks as espeak-ng's dictionary gives them, which is what Piper's phonemiser writes (espeak_TextToPhonemes).
   * espeak-ng's --ipa output comes after intonation, which gives a clause without a primary stress one on its last
   * stressable syllable (the tonic: "Hey, you!" -> "jˈuː"); kokoro-js keeps that, so it is off by default. A clause
   * that ends in an SSML <break/> has no tonic, so with this option each clause is sent without its closing mark
   * and ends in <break/> instead, except after a full stop, which stays because it changes how an abbreviation
   * before it is read ("Inc.", "St.").
   */
  readonly writtenStress?: boolean;
}

/**
 * Clause-closing marks (and the quotes after them) that a <break/> replaces in writtenStress mode. A run of dots is
 * taken whole ((?!\.)): when it may also be split ("...." as ".." + ".."), a clause such as "a....,....,....,b" makes
 * the engine try every split before it finds no match at the end, which takes exponential time.
 */
const closingMarks = /(?:[\s,;:!?…—–،؛؟，、；：！？"'“”‘’„‚«»‹›)\]]|\.{2,}(?!\.))+$/u;

/** A clause as espeak-ng is given it. */
function clauseInput(clause: Clause, writtenStress: boolean): string {
  if (!writtenStress) return clause.text;
  if (clause.punctuation === '.' && /\.["'“”‘’„‚«»‹›)\]]*$/u.test(clause.text)) return escapeXml(clause.text);
  return `${escapeXml(clause.text.replace(closingMarks, ''))}<break/>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

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
   * `options` says which marks end a clause (src/text/clauses.ts) and which stress marks to keep. Returns one phoneme
   * string per sentence, [] when the text has nothing speakable. Rejects with a plain Error naming the voice when
   * espeak-ng does not know it.
   */
  async phonemize(text: string, espeakVoice: string, options: PhonemizeOptions = {}): Promise<string[]> {
    if (this.#closed) throw new Error('EspeakPhonemizer is closed');
    if (!/^[\w\-+/.]{1,40}$/u.test(espeakVoice)) throw new Error(`"${espeakVoice}" is not an espeak-ng voice name`);
    const sentences = splitSentences(text, languageOf(espeakVoice)).map((sentence) => splitClauses(sentence, options));
    const clauses = sentences.flat();
    if (clauses.length === 0) return [];
    await this.#ensureRunning();

    const inputs = clauses.map((clause) => clauseInput(clause, options.writtenStress === true));
    const ssml = options.writtenStress === true;
    const phonemes = this.#phonemizeMarked(inputs, espeakVoice, ssml) ?? inputs.map((c) => this.#phonemizeOne(c, espeakVoice, ssml));
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
  #phonemizeMarked(clauses: readonly string[], voice: string, ssml: boolean): string[] | undefined {
    const input = clauses.map((clause) => `${marker} ${clause}`).join(' ');
    const lines = this.#runIpa(input, voice, ssml);
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

  #phonemizeOne(clause: string, voice: string, ssml: boolean): string {
    return this.#runIpa(clause, voice, ssml).filter((line) => line !== '').join(' ');
  }

  /** One espeak-ng run (SSML input with -m): one line of IPA per clause it found, language flags removed. */
  #runIpa(text: string, voice: string, ssml: boolean): string[] {
    const mode = ssml ? ['-m'] : [];
    const run = this.#espeak.run(['-q', '-b', '1', ...mode, '--ipa', '--phonout', phonemeFile, '-v', voice, '--', text], {
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
