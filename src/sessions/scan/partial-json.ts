/**
 * A tolerant JSON reader for rollout lines too large to decode whole.
 *
 * It reads the kept head of a line and, when a string runs past the end of the head, jumps to
 * the kept tail: the string ends at the tail's first unescaped quote and parsing carries on from
 * there. The cut string keeps its head text and its original size, so giant tool outputs and
 * inline images cost only the bytes that were kept.
 */

/** A string value that was cut: its kept text and its size in the line (escaped JSON bytes). */
export interface CutString {
  head: string;
  /** The string's last characters when they were kept (from the line's tail), else null. */
  tail: string | null;
  bytes: number;
}

export interface PartialJson {
  value: unknown;
  /** Strings that were cut, matched by identity of `head` to the value's strings. */
  cuts: CutString[];
  /** Index in `text` (or in the tail) just after the first value; -1 when the value ran past the end. */
  end: number;
  /** Whether `end` is an index into the tail rather than the head. */
  endInTail: boolean;
}

export interface PartialTail {
  text: string;
  /** Bytes of the line between the head and the tail that were never read. */
  gapBytes: number;
}

export interface PartialJsonOptions {
  /** Index in the head where the value starts. */
  start?: number;
  /** Keys whose values are read with every string left empty: text nobody reads, not worth decoding. */
  unread?: ReadonlySet<string>;
}

class Cursor {
  src: string;
  pos: number;
  inTail = false;
  cuts: CutString[] = [];
  ended = false;
  /** Inside the value of an unread key: strings are stepped over, not decoded. */
  blank = false;

  constructor(
    readonly head: string,
    readonly tail: PartialTail | undefined,
    start: number,
    readonly unread: ReadonlySet<string> | undefined,
  ) {
    this.src = head;
    this.pos = start;
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function skipSpace(c: Cursor): void {
  const s = c.src;
  let p = c.pos;
  while (p < s.length) {
    const ch = s.charCodeAt(p);
    if (ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) break;
    p++;
  }
  c.pos = p;
}

/** Index of the first quote in `s` that is not escaped, or -1. */
function findClosingQuote(s: string): number {
  let p = s.indexOf('"');
  while (p >= 0) {
    let backslashes = 0;
    for (let q = p - 1; q >= 0 && s.charCodeAt(q) === 0x5c; q--) backslashes++;
    if (backslashes % 2 === 0) return p;
    p = s.indexOf('"', p + 1);
  }
  return -1;
}

const SPECIAL = /["\\]/g;

/** Decodes the body of a JSON string natively; undefined when it is not valid JSON (the slow reader decides). */
function decodeBody(body: string): string | undefined {
  if (!body.includes('\\')) return body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/**
 * Where a cut string's text stops being decodable: before a trailing escape the cut split (`\\` or `\\u00`).
 * In valid JSON no backslash sits inside a `\\uXXXX` escape, so the last backslash of the text decides.
 */
function completeEscapesEnd(body: string): number {
  const end = body.length;
  for (let k = end - 1; k >= Math.max(0, end - 6); k--) {
    if (body.charCodeAt(k) !== 0x5c) continue;
    let run = 1;
    while (k - run >= 0 && body.charCodeAt(k - run) === 0x5c) run++;
    // An even run ends with an escaped backslash: complete.
    if (run % 2 === 0) return end;
    return end - k < (body[k + 1] === 'u' ? 6 : 2) ? k : end;
  }
  return end;
}

/**
 * Moves past a string that runs past the end of what the cursor reads: into the tail, just after the string,
 * when the string ends there (returns its end in the tail), else to the end, where the value stops (-1).
 */
function leaveCutString(c: Cursor): number {
  const q = !c.inTail && c.tail ? findClosingQuote(c.tail.text) : -1;
  if (q >= 0 && c.tail) {
    c.src = c.tail.text;
    c.pos = q + 1;
    c.inTail = true;
  } else {
    c.pos = c.src.length;
    c.ended = true;
  }
  return q;
}

/** Steps over a string of an unread value: its end in the head, else in the tail (or the value stops there). */
function skipString(c: Cursor): string {
  const start = ++c.pos;
  const q = findClosingQuote(c.src.slice(start));
  if (q >= 0) c.pos = start + q + 1;
  else leaveCutString(c);
  return '';
}

function readString(c: Cursor): string {
  return c.blank ? skipString(c) : decodeString(c);
}

function decodeString(c: Cursor): string {
  const s = c.src;
  const start = ++c.pos;
  const body = s.slice(start);
  const q = findClosingQuote(body);
  if (q >= 0) {
    const closed = decodeBody(body.slice(0, q));
    if (closed !== undefined) {
      c.pos = start + q + 1;
      return closed;
    }
  } else {
    // No closing quote in what was kept: the string runs past it (the common case of a giant line).
    const cut = decodeBody(body.slice(0, completeEscapesEnd(body)));
    if (cut !== undefined) return keepCut(c, s, start, cut);
  }
  let out = '';
  let from = start;
  let p = start;
  while (p < s.length) {
    SPECIAL.lastIndex = p;
    if (!SPECIAL.test(s)) {
      p = s.length;
      break;
    }
    p = SPECIAL.lastIndex - 1;
    const ch = s.charCodeAt(p);
    if (ch === 0x22) {
      c.pos = p + 1;
      return out + s.slice(from, p);
    }
    if (ch === 0x5c) {
      if (p + 1 >= s.length) break;
      out += s.slice(from, p);
      const esc = s[p + 1] as string;
      if (esc === 'u') {
        if (p + 6 > s.length) break;
        out += String.fromCharCode(Number.parseInt(s.slice(p + 2, p + 6), 16));
        p += 6;
      } else {
        out += ESCAPES[esc] ?? esc;
        p += 2;
      }
      from = p;
    }
  }
  // The string runs past what was kept.
  return keepCut(c, s, start, out + s.slice(from, Math.min(p, s.length)));
}

/** Records a string that runs past the end of `s`: its kept head, and its end when the tail holds it. */
function keepCut(c: Cursor, s: string, start: number, kept: string): string {
  const headBytes = Buffer.byteLength(s.slice(start));
  const q = leaveCutString(c);
  if (q >= 0 && c.tail) {
    const end = c.tail.text.slice(0, q);
    const bytes = headBytes + c.tail.gapBytes + Buffer.byteLength(end);
    c.cuts.push({ head: kept, tail: decodeBody(end) ?? unescapeFragment(end), bytes });
  } else {
    c.cuts.push({ head: kept, tail: null, bytes: headBytes });
  }
  return kept;
}

/** Decodes the escapes of a piece of a JSON string that may start in the middle of one. */
function unescapeFragment(fragment: string): string {
  return fragment.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc: string) =>
    esc.length === 5 ? String.fromCharCode(Number.parseInt(esc.slice(1), 16)) : (ESCAPES[esc] ?? esc),
  );
}

/**
 * The text of a JSON string from the first character of its body (just after the opening quote) up to its
 * closing quote, or, when the string was cut before it, up to its last whole escape.
 */
export function decodeStringBody(body: string): string {
  const q = findClosingQuote(body);
  const kept = q >= 0 ? body.slice(0, q) : body.slice(0, completeEscapesEnd(body));
  return decodeBody(kept) ?? unescapeFragment(kept);
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function readValue(c: Cursor, depth: number): unknown {
  skipSpace(c);
  if (c.pos >= c.src.length) {
    c.ended = true;
    return undefined;
  }
  const ch = c.src[c.pos];
  if (ch === '"') return readString(c);
  if (ch === '{') return readObject(c, depth);
  if (ch === '[') return readArray(c, depth);
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (c.src.startsWith(word, c.pos)) {
      c.pos += word.length;
      return value;
    }
  }
  NUMBER.lastIndex = c.pos;
  const m = NUMBER.exec(c.src);
  if (!m) throw new SyntaxError(`unexpected character at ${c.pos}`);
  c.pos += m[0].length;
  return Number(m[0]);
}

function readObject(c: Cursor, depth: number): Record<string, unknown> {
  if (depth > 200) throw new SyntaxError('nesting too deep');
  c.pos++;
  const obj: Record<string, unknown> = {};
  for (;;) {
    skipSpace(c);
    if (c.ended || c.pos >= c.src.length) {
      c.ended = true;
      return obj;
    }
    if (c.src[c.pos] === '}') {
      c.pos++;
      return obj;
    }
    if (c.src[c.pos] === ',') {
      c.pos++;
      skipSpace(c);
    }
    if (c.pos >= c.src.length) {
      c.ended = true;
      return obj;
    }
    if (c.src[c.pos] !== '"') throw new SyntaxError(`expected a key at ${c.pos}`);
    const key = decodeString(c);
    if (c.ended) return obj;
    skipSpace(c);
    if (c.src[c.pos] !== ':') {
      if (c.pos >= c.src.length) {
        c.ended = true;
        return obj;
      }
      throw new SyntaxError(`expected ':' at ${c.pos}`);
    }
    c.pos++;
    const blank = c.blank;
    if (c.unread?.has(key)) c.blank = true;
    const value = readValue(c, depth + 1);
    c.blank = blank;
    if (value !== undefined) obj[key] = value;
    if (c.ended) return obj;
  }
}

function readArray(c: Cursor, depth: number): unknown[] {
  if (depth > 200) throw new SyntaxError('nesting too deep');
  c.pos++;
  const arr: unknown[] = [];
  for (;;) {
    skipSpace(c);
    if (c.ended || c.pos >= c.src.length) {
      c.ended = true;
      return arr;
    }
    if (c.src[c.pos] === ']') {
      c.pos++;
      return arr;
    }
    if (c.src[c.pos] === ',') c.pos++;
    const value = readValue(c, depth + 1);
    if (value !== undefined) arr.push(value);
    if (c.ended) return arr;
  }
}

/**
 * Reads one JSON value from `head` starting at `start`, continuing into `tail` when a string is
 * cut. Never throws on a value that simply stops early; throws SyntaxError on bytes that are not JSON.
 */
export function parsePartialJson(
  head: string,
  tail?: PartialTail,
  options: PartialJsonOptions = {},
): PartialJson {
  const c = new Cursor(head, tail, options.start ?? 0, options.unread);
  const value = readValue(c, 0);
  return { value, cuts: c.cuts, end: c.ended ? -1 : c.pos, endInTail: c.inTail };
}

/**
 * Splits a physical line holding several JSON values written back to back (`…}{…}`), as Codex
 * 0.8.0 did after a resume. Returns null when the text is not a sequence of complete values.
 */
export function splitConcatenatedJson(text: string): unknown[] | null {
  const values: unknown[] = [];
  let pos = 0;
  try {
    while (pos < text.length) {
      const part = parsePartialJson(text, undefined, { start: pos });
      if (part.end < 0 || part.cuts.length > 0 || part.value === undefined) return null;
      values.push(part.value);
      pos = part.end;
      while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
    }
  } catch {
    return null;
  }
  return values.length > 1 ? values : null;
}
