/**
 * Where a quoted or multi-line value ends, as the languages people paste read it: shell and YAML double
 * quotes continued with `\` at the end of a line, YAML quoted scalars folded over indented lines, YAML's `''`
 * inside single quotes, JSON-escaped quotes (`\"…\"`), and YAML block scalars (`key: |` and `key: >-`).
 */

export const MAX_VALUE = 8192;

export function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

export function isQuote(ch: string | undefined): boolean {
  return ch === '"' || ch === "'" || ch === '`';
}

/** A line break at `i` that a backslash before it continues (`\` LF or `\` CR LF). */
function isContinued(text: string, i: number): boolean {
  return text[i - 1] === '\\' || (text[i - 1] === '\r' && text[i - 2] === '\\');
}

/**
 * The quoted value opening at `at`, without its quotes; null when it does not close. `\"`-style openers close
 * with the same escaped quote. With `folded` (a YAML value), the value may go on over lines indented more
 * than `indent`.
 */
export function findClosingQuote(
  text: string,
  at: number,
  fold: { indent: number } | null,
): { start: number; end: number } | null {
  const escaped = text[at] === '\\';
  const quote = text[escaped ? at + 1 : at]!;
  const start = at + (escaped ? 2 : 1);
  const limit = Math.min(text.length, start + MAX_VALUE);
  for (let i = start; i < limit; i++) {
    const ch = text[i];
    if (ch === '\n') {
      const goesOn =
        (quote === '"' && !escaped && isContinued(text, i)) ||
        (fold !== null && indentAt(text, i + 1) > fold.indent);
      if (!goesOn) return null;
      continue;
    }
    if (ch !== quote) continue;
    if (quote === "'" && !escaped && text[i + 1] === "'") {
      // YAML and SQL write a quote inside single quotes as two.
      i++;
      continue;
    }
    const precededByBackslash = text[i - 1] === '\\';
    if (escaped ? precededByBackslash : !precededByBackslash) {
      return { start, end: escaped ? i - 1 : i };
    }
  }
  return null;
}

/** Blanks at the start of the line that begins at `lineStart`; -1 for an empty or blank line. */
function indentAt(text: string, lineStart: number): number {
  let i = lineStart;
  while (isBlank(text[i])) i++;
  return i >= text.length || text[i] === '\n' || text[i] === '\r' ? -1 : i - lineStart;
}

/** Column of `at` on its line. */
export function columnOf(text: string, at: number): number {
  return at - (text.lastIndexOf('\n', at - 1) + 1);
}

/** `|`, `>`, `|-`, `>+2`…: a block scalar header, alone on its line but for a comment. */
const BLOCK_HEADER = /[|>][-+]?[1-9]?[-+]?[ \t]*(?:#[^\n]*)?\r?\n/y;

/**
 * The content of a YAML block scalar whose header starts at `at` (`password: |`): the following lines
 * indented more than the key, at `indent`. Null when `at` holds no block header or the block is empty.
 */
export function findBlockScalar(
  text: string,
  at: number,
  indent: number,
): { start: number; end: number } | null {
  BLOCK_HEADER.lastIndex = at;
  if (!BLOCK_HEADER.test(text)) return null;
  const start = BLOCK_HEADER.lastIndex;
  let end = start;
  let lineStart = start;
  const limit = Math.min(text.length, start + MAX_VALUE);
  while (lineStart < limit) {
    const lineIndent = indentAt(text, lineStart);
    if (lineIndent !== -1 && lineIndent <= indent) break;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
    if (lineIndent !== -1) end = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    lineStart = lineEnd + 1;
  }
  if (end === start) return null;
  const first = start + Math.max(0, indentAt(text, start));
  return { start: first, end };
}
