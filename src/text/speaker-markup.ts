/**
 * Several speakers in one message: a voice id in square brackets starts a turn read by that voice,
 * `[neural:rms] Hello there. [neural:slt] Hi!`. Text before the first tag is read by the message's own voice.
 *
 * Only `[engine:voice]` counts as a tag (letters, digits, `_`, `-`, `.` on both sides of one colon), so ordinary
 * brackets such as "[1]", "[citation needed]" or "[sic]" are read as text. Whether the voice exists is not decided
 * here (pure text): the caller checks each turn's voice against the installed voices.
 */

/** One stretch of a message and the voice that reads it; voice undefined = the message's own voice. */
export interface SpeakerTurn {
  readonly voice: string | undefined;
  readonly text: string;
}

const speakerTag = /\[\s*([a-z][a-z0-9_-]*:[a-z0-9_.-]+)\s*\]/giu;

/**
 * Splits `text` at speaker tags into turns, in order. Turns with nothing but white space are left out (a tag followed
 * by another tag, or a tag at the end, says nothing); a text without tags is one turn with voice undefined. Voice ids
 * are kept as typed (Piper's have capitals), without the spaces inside the brackets.
 */
export function parseSpeakerTurns(text: string): SpeakerTurn[] {
  const turns: SpeakerTurn[] = [];
  let voice: string | undefined;
  let from = 0;
  const add = (end: number): void => {
    const said = text.slice(from, end).trim();
    if (said !== '') turns.push({ voice, text: said });
  };
  for (const match of text.matchAll(speakerTag)) {
    add(match.index);
    voice = match[1];
    from = match.index + match[0].length;
  }
  add(text.length);
  return turns;
}
