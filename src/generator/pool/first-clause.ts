import { splitFirstClause } from '../../text/sentences.ts';

/** One engine call's worth of text. */
export interface SpeechPiece {
  readonly text: string;
  /**
   * The piece goes on with the sentence before it after a clause break (a comma, not a full stop), so the engine's
   * utterance-start silence should not be added to the comma's pause.
   */
  readonly continuesSentence: boolean;
}

export interface FirstClauseOptions {
  /** Only a first sentence longer than this (in UTF-16 code units) is split. */
  readonly minSentenceLength: number;
  /** Clauses shorter than this are not worth a call of their own ("Well, ..."). */
  readonly minClauseLength: number;
  /** The boundary must come within this share of the sentence, or the first call would not be much shorter. */
  readonly maxClauseShare: number;
}

export const defaultFirstClauseOptions: FirstClauseOptions = {
  minSentenceLength: 60,
  minClauseLength: 16,
  maxClauseShare: 0.75,
};

/**
 * The engine calls for an utterance: one per sentence, except that a long first sentence with an early clause
 * boundary is made in two calls, so the first call (whose whole front end, e.g. flite, runs before the first chunk
 * can be vocoded) is short and the first audio comes sooner. Later sentences are made while earlier audio plays, so
 * they stay whole for the best prosody.
 */
export function planSpeechPieces(sentences: readonly string[], options: FirstClauseOptions = defaultFirstClauseOptions): SpeechPiece[] {
  const pieces = sentences.map((text) => ({ text, continuesSentence: false }));
  const first = sentences[0];
  if (first === undefined || first.length <= options.minSentenceLength) return pieces;
  const [clause, rest] = splitFirstClause(first, { minLength: options.minClauseLength });
  if (rest === '' || clause.length > options.maxClauseShare * first.length) return pieces;
  return [{ text: clause, continuesSentence: false }, { text: rest, continuesSentence: true }, ...pieces.slice(1)];
}
