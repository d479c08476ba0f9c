/**
 * Characters that make text read, in a terminal, a review or a model's context, differently from what it
 * holds: C0 controls but tab and newline (so a lone carriage return too), DEL, C1 controls (terminal escapes
 * among them), the line and paragraph separators (one line to git, two to a reader), the interlinear
 * annotation marks, and every default-ignorable code point — the bidirectional embeddings, overrides, isolates
 * and marks (LRM, RLM, ALM), the zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, a BOM inside text), the
 * Hangul fillers, the soft hyphen and the Unicode tag block U+E0000–U+E007F, invisible text that models read.
 * Shown as marks on a terminal (commands/terminal-text.ts); refused in what a proposal writes (patch/checks).
 *
 * The emoji and text presentation selectors (U+FE0E, U+FE0F) are the one exception: right after a
 * non-ASCII character they only choose how it is drawn, so `❤️` stays as it is.
 */
const HIDDEN_CLASS =
  '[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufff9-\\ufffb\\p{Default_Ignorable_Code_Point}]';
const HIDDEN_ALL = new RegExp(HIDDEN_CLASS, 'gu');

function isPresentationSelector(text: string, index: number, char: string): boolean {
  if (char !== '\ufe0e' && char !== '\ufe0f') return false;
  const before = text.codePointAt(
    index > 1 && /[\udc00-\udfff]/.test(text[index - 1]!) ? index - 2 : index - 1,
  );
  return before !== undefined && index > 0 && before > 0x7f && !(before >= 0xfe00 && before <= 0xfe0f);
}

/** Every hidden character of `text` with its index (UTF-16 units), in order. */
export function findHiddenChars(text: string): { char: string; index: number }[] {
  const found: { char: string; index: number }[] = [];
  for (const match of text.matchAll(HIDDEN_ALL)) {
    if (!isPresentationSelector(text, match.index, match[0]))
      found.push({ char: match[0], index: match.index });
  }
  return found;
}

/** `text` with each hidden character shown as a mark: its control picture (`␛`, `␍`, `␡`), else `<U+202E>`. */
export function markHiddenChars(text: string): string {
  return text.replace(HIDDEN_ALL, (char, index: number) => {
    if (isPresentationSelector(text, index, char)) return char;
    const code = char.codePointAt(0)!;
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
