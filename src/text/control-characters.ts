import { UNSAFE_TEXT_CHARACTER } from '../limits/speech-limits.ts';

/**
 * Terminal escape sequences (what `\e[31m` colours or `\e]0;title\a` window titles look like in a chat message):
 * CSI (ESC [ or the 8-bit 0x9B), OSC (ESC ], ended by BEL or ESC \), DCS/SOS/PM/APC strings, and two-character
 * escapes. Removed whole, so none of their parameters ("[31m") is read aloud.
 */
const TERMINAL_ESCAPE =
  // eslint-disable-next-line no-control-regex -- finding control characters is this expression's whole job
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]{0,512}(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]{0,512}(?:\u001b\\)?|\u001b[ -/]*[0-~]/gu;

export function removeTerminalEscapes(text: string): string {
  return text.replace(TERMINAL_ESCAPE, '');
}

const UNSAFE_GLOBAL = new RegExp(UNSAFE_TEXT_CHARACTER.source, 'gu');

/**
 * Text the bot sends back to Discord, made safe to display: terminal escapes, control characters (except line feed
 * and tab) and bidirectional overrides are removed, and lone surrogates become U+FFFD. A member's input echoed in a
 * reply ("I do not know the voice ...") can then neither hide nor reorder the rest of the answer.
 */
export function safeDisplayText(text: string): string {
  return removeTerminalEscapes(text.toWellFormed()).replace(UNSAFE_GLOBAL, (character) => (character === '\n' || character === '\t' ? character : ''));
}
