/**
 * Text from rollouts and model answers, made safe to print to a terminal. A log's escape sequences (colours,
 * cursor moves, window titles, clipboard writes, hyperlinks) are removed rather than obeyed; any other control
 * character, and the direction overrides that can make a line read differently from what it holds, are shown
 * as visible marks (`␛`, `␍`, `<U+202E>`) instead. Newlines and tabs stay.
 */

/** CSI (`ESC [` … final byte) and OSC (`ESC ]` … BEL or `ESC \`) sequences; an unended one is shown, not removed. */
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)/g;
/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates. */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(ESCAPE_SEQUENCE, '').replace(UNSAFE, visibleMark);
}

function visibleMark(char: string): string {
  const code = char.charCodeAt(0);
  // The Control Pictures block has a symbol for each C0 control and for DEL.
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}
