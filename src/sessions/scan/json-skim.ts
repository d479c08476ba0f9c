/**
 * Steps through the JSON of one rollout line in its bytes, without building values: the summary scan reads the
 * few fields it needs in place and steps over the rest (reasoning's encrypted content, tool output past its
 * header, rate limits). Every function takes the line's bytes `b`, a position and the line's end, and returns
 * the position after what it read, or -1 when the bytes are not what it expects: the caller then reads the
 * line with `JSON.parse`, which decides. Strings are stepped over by their closing quote; their contents are
 * not checked (a raw control character or an unknown escape inside a string that is stepped over is not seen).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Deeper nesting than any rollout line has: read by `JSON.parse` instead. */
const MAX_DEPTH = 64;
/** Strings are searched for their end byte by byte up to this far (escapes stepped over), natively beyond. */
const SHORT_STRING = 32;

/** Positions of the key `readKey` read last (no escapes inside: a key with one is left to `JSON.parse`). */
export const key = { start: 0, end: 0 };

export function skipSpace(b: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = b[p] as number;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return p;
    p++;
  }
  return p;
}

/** Position of the quote that closes the string opened at `p`, or -1. */
export function stringEnd(b: Buffer, p: number, end: number): number {
  // Short strings (keys, ids) byte by byte, escapes stepped over; the rest of a long one natively.
  let q = p + 1;
  const near = Math.min(q + SHORT_STRING, end);
  while (q < near) {
    const c = b[q];
    if (c === QUOTE) return q;
    q += c === BACKSLASH ? 2 : 1;
  }
  for (q = b.indexOf(QUOTE, q); ; q = b.indexOf(QUOTE, q + 1)) {
    if (q < 0 || q >= end) return -1;
    let s = q - 1;
    while (b[s] === BACKSLASH) s--;
    // An even run of backslashes escapes only itself.
    if ((q - 1 - s) % 2 === 0) return q;
  }
}

/** Position after `bytes` when `b` holds them at `p` (before `end`), else -1. */
export function expect(b: Buffer, p: number, end: number, bytes: Uint8Array): number {
  if (p < 0 || p + bytes.length > end) return -1;
  for (let i = 0; i < bytes.length; i++) if (b[p + i] !== bytes[i]) return -1;
  return p + bytes.length;
}

/**
 * Steps over the members left in an object, from just after a member's value to just after its `}`; -1 also
 * when one of `names` (members already read) comes again.
 */
export function restOfObject(b: Buffer, p: number, end: number, names: readonly Uint8Array[]): number {
  for (;;) {
    p = skipSpace(b, p, end);
    if (b[p] === 0x7d) return p + 1;
    if (b[p] !== 0x2c) return -1;
    p = readKey(b, skipSpace(b, p + 1, end), end);
    if (p < 0) return -1;
    for (let i = 0; i < names.length; i++)
      if (isName(b, key.start, key.end, names[i] as Uint8Array)) return -1;
    p = skipValue(b, p, end);
    if (p < 0) return -1;
  }
}

/** Whether the bytes between `start` and `end` (a string's, quotes excluded) hold an escape. */
export function hasEscape(b: Buffer, start: number, end: number): boolean {
  if (end - start <= 64) {
    for (let p = start; p < end; p++) if (b[p] === BACKSLASH) return true;
    return false;
  }
  // Bounded: an unbounded search would run on through the rest of the chunk.
  return b.subarray(start, end).indexOf(BACKSLASH) >= 0;
}

/**
 * The end of a string's first bytes, at most `end`, that never splits an escape (a backslash run and the
 * character or `uXXXX` after it) or a UTF-8 character.
 */
export function completeEnd(b: Buffer, start: number, end: number): number {
  for (let k = end - 1; k >= Math.max(start, end - 6); k--) {
    if (b[k] !== BACKSLASH) continue;
    let run = 1;
    while (k - run >= start && b[k - run] === BACKSLASH) run++;
    // An even run ends with an escaped backslash: complete.
    if (run % 2 === 1 && end - k < (b[k + 1] === 0x75 ? 6 : 2)) end = k;
    break;
  }
  while (end > start && ((b[end] as number) & 0xc0) === 0x80) end--;
  return end;
}

function skipNumber(b: Buffer, p: number, end: number): number {
  if (b[p] === 0x2d) p++;
  if (b[p] === 0x30) p++;
  else {
    const digits = p;
    while (p < end && isDigit(b[p] as number)) p++;
    if (p === digits) return -1;
  }
  if (b[p] === 0x2e) {
    const digits = ++p;
    while (p < end && isDigit(b[p] as number)) p++;
    if (p === digits) return -1;
  }
  if (b[p] === 0x65 || b[p] === 0x45) {
    p++;
    if (b[p] === 0x2b || b[p] === 0x2d) p++;
    const digits = p;
    while (p < end && isDigit(b[p] as number)) p++;
    if (p === digits) return -1;
  }
  return p <= end ? p : -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Open containers of the value `skipValue` is stepping over: 1 an object, 2 an array. */
const open = new Uint8Array(MAX_DEPTH + 1);

/**
 * Steps over any JSON value starting at `p`, in one loop over its tokens (strings by their closing quote,
 * containers by a stack of what is open), and returns the position after it, or -1.
 */
export function skipValue(b: Buffer, p: number, end: number): number {
  let depth = 0;
  for (;;) {
    // A value starts at p.
    const c = b[p];
    if (c === QUOTE) {
      const q = stringEnd(b, p, end);
      if (q < 0) return -1;
      p = q + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === MAX_DEPTH) return -1;
      open[++depth] = c === 0x7b ? 1 : 2;
      p = skipSpace(b, p + 1, end);
      if (b[p] === (c === 0x7b ? 0x7d : 0x5d)) {
        depth--;
        p++;
      } else if (c === 0x7b) {
        p = memberValue(b, p, end);
        if (p < 0) return -1;
        continue;
      } else continue;
    } else if (c === 0x74) {
      if (b[p + 1] !== 0x72 || b[p + 2] !== 0x75 || b[p + 3] !== 0x65) return -1;
      p += 4;
    } else if (c === 0x66) {
      if (b[p + 1] !== 0x61 || b[p + 2] !== 0x6c || b[p + 3] !== 0x73 || b[p + 4] !== 0x65) return -1;
      p += 5;
    } else if (c === 0x6e) {
      if (b[p + 1] !== 0x75 || b[p + 2] !== 0x6c || b[p + 3] !== 0x6c) return -1;
      p += 4;
    } else {
      p = p < end ? skipNumber(b, p, end) : -1;
      if (p < 0) return -1;
    }
    // After a value: close what ends here, or go on to the next member or element.
    for (;;) {
      if (depth === 0) return p <= end ? p : -1;
      p = skipSpace(b, p, end);
      const next = b[p];
      if (next === 0x2c) {
        p = skipSpace(b, p + 1, end);
        if (open[depth] === 1) {
          p = memberValue(b, p, end);
          if (p < 0) return -1;
        }
        break;
      }
      if (next !== (open[depth] === 1 ? 0x7d : 0x5d)) return -1;
      depth--;
      p++;
    }
  }
}

/** From a member's key at `p` to the start of its value, or -1. */
function memberValue(b: Buffer, p: number, end: number): number {
  if (b[p] !== QUOTE) return -1;
  const q = stringEnd(b, p, end);
  if (q < 0) return -1;
  p = skipSpace(b, q + 1, end);
  if (b[p] !== 0x3a) return -1;
  return skipSpace(b, p + 1, end);
}

/**
 * After a member's value: the position of the next key (past `,`), or just past the object's `}` (the caller
 * tells the two apart by the byte before), or -1.
 */
export function afterMember(b: Buffer, p: number, end: number): number {
  p = skipSpace(b, p, end);
  if (b[p] === 0x7d) return p + 1;
  if (b[p] !== 0x2c) return -1;
  return skipSpace(b, p + 1, end);
}

/** Reads `"key":` at `p` into `key`; returns the position of the value, or -1 (also for a key with an escape). */
export function readKey(b: Buffer, p: number, end: number): number {
  if (b[p] !== QUOTE) return -1;
  const q = stringEnd(b, p, end);
  if (q < 0 || hasEscape(b, p + 1, q)) return -1;
  key.start = p + 1;
  key.end = q;
  p = skipSpace(b, q + 1, end);
  if (b[p] !== 0x3a) return -1;
  return skipSpace(b, p + 1, end);
}

/** Whether the bytes between `start` and `end` are `name`'s (ASCII). */
export function isName(b: Buffer, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (b[start + i] !== name[i]) return false;
  return true;
}

/** The opening of an object at `p`: the position of its first key, or of its `}` when empty; -1 if none. */
export function objectStart(b: Buffer, p: number, end: number): number {
  if (b[p] !== 0x7b) return -1;
  return skipSpace(b, p + 1, end);
}

/** Whether the value at `p` is `null`. */
export function isNull(b: Buffer, p: number): boolean {
  return b[p] === 0x6e && b[p + 1] === 0x75 && b[p + 2] === 0x6c && b[p + 3] === 0x6c;
}

/** The number at `p` as `JSON.parse` reads it (`value`), returning the position after it, or -1. */
export const number = { value: 0 };
export function readNumber(b: Buffer, p: number, end: number): number {
  let value = 0;
  let q = p;
  // Plain integers, the usual case, are read digit by digit (exact below 2^53).
  while (q < end && q - p < 15) {
    const c = b[q] as number;
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
    q++;
  }
  const c = b[q];
  if (q > p && (q - p === 1 || b[p] !== 0x30) && c !== 0x2e && c !== 0x65 && c !== 0x45 && !isDigitAt(b, q)) {
    number.value = value;
    return q;
  }
  const after = skipNumber(b, p, end);
  if (after < 0) return -1;
  number.value = Number(b.toString('latin1', p, after));
  return after;
}

function isDigitAt(b: Buffer, p: number): boolean {
  const c = b[p];
  return c !== undefined && isDigit(c);
}

/** The text of the string whose quotes are at `open` and `close`, as `JSON.parse` decodes it (throws if it cannot). */
export function stringText(b: Buffer, open: number, close: number): string {
  let ascii = true;
  for (let p = open + 1; p < close; p++) {
    const c = b[p] as number;
    if (c === BACKSLASH) return JSON.parse(b.toString('utf8', open, close + 1)) as string;
    if (c >= 0x80) ascii = false;
  }
  // ASCII bytes are their own Latin-1 text, which is decoded faster.
  return b.toString(ascii ? 'latin1' : 'utf8', open + 1, close);
}

export function bytesOf(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}
