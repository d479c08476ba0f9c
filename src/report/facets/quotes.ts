/**
 * Is a quote really in the text it claims to come from? Compared loosely where a faithful copy may differ:
 * case, runs of white space, curly or straight quotes and dashes, a digest line's `[12] you:` prefix, quote
 * marks around it, and "…" where the quote skips words (each piece must be there, in order).
 */

function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .trim();
}

const LINE_PREFIX = /^\[\d+\]\s*[a-z][a-z _-]*:\s*/i;
const WRAPPING = /^["'`«»\s]+|["'`«»\s]+$/g;
const ELLIPSIS = /\s*(?:…|\.\.\.)\s*/;

export function isQuoteIn(quote: string, text: string): boolean {
  const haystack = normalize(text);
  const pieces = normalize(quote)
    .replace(LINE_PREFIX, '')
    .replace(WRAPPING, '')
    .split(ELLIPSIS)
    .map((piece) => piece.replace(WRAPPING, ''))
    .filter((piece) => piece !== '');
  if (pieces.length === 0) return false;
  let from = 0;
  for (const piece of pieces) {
    const at = haystack.indexOf(piece, from);
    if (at === -1) return false;
    from = at + piece.length;
  }
  return true;
}
