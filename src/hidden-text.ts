/**
 * Characters that make text read, in a terminal or a review, differently from what it holds: C0 controls but
 * tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates. Shown as marks
 * on a terminal (commands/terminal-text.ts); refused in a proposal's added lines (proposals/checks).
 */
const HIDDEN_CLASS = '[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]';
const HIDDEN = new RegExp(HIDDEN_CLASS);
const HIDDEN_ALL = new RegExp(HIDDEN_CLASS, 'g');

/** The first hidden character of `text`, or null. */
export function findHiddenChar(text: string): string | null {
  return HIDDEN.exec(text)?.[0] ?? null;
}

/** `text` with each hidden character shown as a mark: its control picture (`␛`, `␍`, `␡`), else `<U+202E>`. */
export function markHiddenChars(text: string): string {
  return text.replace(HIDDEN_ALL, (char) => {
    const code = char.charCodeAt(0);
    // The Control Pictures block has a symbol for each C0 control and for DEL.
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<${describeChar(char)}>`;
  });
}

/** A character by its code point, e.g. `U+202E`. */
export function describeChar(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
