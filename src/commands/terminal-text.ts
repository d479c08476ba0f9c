import { markHiddenChars } from '../hidden-text.js';

/**
 * Text from rollouts and model answers, made safe to print to a terminal. A log's escape sequences (colours,
 * cursor moves, window titles, clipboard writes, hyperlinks) are removed rather than obeyed; any other control
 * character, and the direction overrides that can make a line read differently from what it holds, are shown
 * as visible marks (`␛`, `␍`, `<U+202E>`) instead. Newlines and tabs stay.
 */

/** CSI (`ESC [` … final byte) and OSC (`ESC ]` … BEL or `ESC \`) sequences; an unended one is shown, not removed. */
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)/g;

export function terminalText(text: string): string {
  return markHiddenChars(text.replace(/\r\n/g, '\n').replace(ESCAPE_SEQUENCE, ''));
}
