import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { type CutString, parsePartialJson, splitConcatenatedJson } from '../scan/partial-json.js';

/**
 * Streams the physical lines of a file as Buffers, in bounded memory whatever the line length:
 * a line longer than `headCap` keeps only its first `headCap` bytes and its last `tailCap` bytes.
 */
export interface RawLine {
  /** 0-based physical line number. */
  index: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Length of the line in bytes, without its newline. */
  bytes: number;
  /** The whole line when `tail` is null, else its first bytes. Valid until the next line is asked for. */
  head: Buffer;
  /** The line's last bytes when the line was longer than the head cap. */
  tail: Buffer | null;
  /** False for a last line with no newline after it (possibly still being written). */
  terminated: boolean;
}

/**
 * What the index scan keeps of a long line: its first and last bytes (the middle is a payload it does not
 * index). 8 KiB hold the 4,000 characters the index keeps of a string, escapes and all; wide text (CJK takes
 * three bytes a character) keeps 16 KiB.
 */
export const SCAN_LINE_LIMITS: LineLimits = {
  headCap: 8 * 1024,
  tailCap: 2 * 1024,
  wide: { headCap: 16 * 1024, minChars: 6 * 1024 },
};

export interface LineLimits {
  headCap: number;
  tailCap: number;
  /** Wide text: a long line whose first `headCap` bytes hold fewer than `minChars` characters keeps `wide.headCap`. */
  wide?: { headCap: number; minChars: number };
}

/** The most bytes `limits` keep of a line's start. */
export function maxHeadBytes(limits: LineLimits): number {
  return Math.max(limits.headCap, limits.wide?.headCap ?? 0);
}

export interface ReadLinesOptions extends LineLimits {
  /** Byte offset to start at; must be the start of a line. */
  start?: number;
  /** Line number of the line at `start`. */
  startLine?: number;
  chunkSize?: number;
  /** Called after each chunk is read, with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/**
 * Collects a line that spans chunks or outgrows the head cap, in two buffers it keeps for the next line:
 * a line's `head` and `tail` are only valid until the next line is asked for, like the lines yielded
 * straight from a chunk.
 */
export class LineAccumulator {
  private head: Buffer = Buffer.alloc(0);
  kept = 0;
  total = 0;
  private readonly tail: Buffer;
  private tailLength = 0;
  /** Whether bytes beyond the head cap were seen (the line is cut). */
  private cut = false;
  /** The head cap of the line being read: the wide one once its first bytes showed wide text. */
  private cap: number;
  private widthKnown = false;

  constructor(private readonly limits: LineLimits) {
    this.tail = Buffer.allocUnsafe(limits.tailCap);
    this.cap = limits.headCap;
  }

  push(piece: Buffer): void {
    this.total += piece.length;
    for (;;) {
      if (this.kept < this.cap) {
        const take = Math.min(piece.length, this.cap - this.kept);
        this.reserve(this.kept + take);
        // Copy: the chunk buffer is reused for the next read.
        piece.copy(this.head, this.kept, 0, take);
        this.kept += take;
        piece = piece.subarray(take);
        if (piece.length === 0) return;
      }
      if (!this.widen()) break;
    }
    this.cut = true;
    this.pushTail(piece);
  }

  /**
   * Called once a line outgrows its head cap: wide text (few characters for its bytes) keeps the wide head.
   * Decided once per line.
   */
  private widen(): boolean {
    const wide = this.limits.wide;
    if (this.widthKnown || !wide) return false;
    this.widthKnown = true;
    const head = this.head.subarray(0, this.kept);
    // Every byte but a continuation byte makes at least one character of the text, whatever the bytes: most
    // heads have enough of them to be told narrow without decoding them (decoding 8 KiB takes ~10 µs).
    if (
      wide.headCap <= this.cap ||
      isAscii(head) ||
      leadBytes(head) >= wide.minChars ||
      head.toString('utf8').length >= wide.minChars
    )
      return false;
    this.cap = wide.headCap;
    return true;
  }

  /** Grows the head buffer (doubling, up to the largest cap) to hold `size` bytes. */
  private reserve(size: number): void {
    if (size <= this.head.length) return;
    let capacity = Math.max(this.head.length * 2, 64 * 1024);
    while (capacity < size) capacity *= 2;
    const grown = Buffer.allocUnsafe(Math.min(capacity, maxHeadBytes(this.limits)));
    this.head.copy(grown, 0, 0, this.kept);
    this.head = grown;
  }

  /** Keeps the last `tailCap` bytes seen. */
  private pushTail(piece: Buffer): void {
    if (piece.length >= this.limits.tailCap) {
      piece.copy(this.tail, 0, piece.length - this.limits.tailCap);
      this.tailLength = this.limits.tailCap;
      return;
    }
    const keep = Math.min(this.tailLength, this.limits.tailCap - piece.length);
    this.tail.copy(this.tail, 0, this.tailLength - keep, this.tailLength);
    piece.copy(this.tail, keep);
    this.tailLength = keep + piece.length;
  }

  take(): { head: Buffer; tail: Buffer | null; bytes: number } {
    const result = {
      head: this.head.subarray(0, this.kept),
      tail: this.cut ? this.tail.subarray(0, this.tailLength) : null,
      bytes: this.total,
    };
    this.kept = 0;
    this.total = 0;
    this.tailLength = 0;
    this.cut = false;
    this.cap = this.limits.headCap;
    this.widthKnown = false;
    return result;
  }
}

/** Bytes of `bytes` that are not UTF-8 continuation bytes (10xxxxxx), counted four at a time. */
function leadBytes(bytes: Buffer): number {
  let count = 0;
  let i = 0;
  const misaligned = (4 - (bytes.byteOffset % 4)) % 4;
  for (; i < misaligned && i < bytes.length; i++) if (((bytes[i] as number) & 0xc0) !== 0x80) count++;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (bytes.length - i) >>> 2);
  let continuations = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w] as number;
    // The high bit of each byte that is 10xxxxxx, moved to its low bit, summed over the four bytes.
    const marks = ((word & ~(word << 1)) >>> 7) & 0x01010101;
    continuations += Math.imul(marks, 0x01010101) >>> 24;
  }
  count += words.length * 4 - continuations;
  for (i += words.length * 4; i < bytes.length; i++) if (((bytes[i] as number) & 0xc0) !== 0x80) count++;
  return count;
}

/** Chunk buffers are reused across files: allocating a megabyte per file keeps the GC busy. */
const sparePool: Buffer[] = [];
const MAX_SPARE = 4;

export function takeBuffer(size: number): Buffer {
  const index = sparePool.findIndex((b) => b.length === size);
  if (index >= 0) return sparePool.splice(index, 1)[0] as Buffer;
  return Buffer.allocUnsafeSlow(size);
}

export function giveBack(buffer: Buffer): void {
  if (sparePool.length < MAX_SPARE) sparePool.push(buffer);
}

/**
 * Synchronous reads: rollouts are read from the page cache in microseconds, and a round trip through the
 * thread pool per chunk left the parsing thread idle about half the time. Callers that share a thread with
 * other work yield to the event loop between chunks themselves.
 */
export function* readLines(file: string | number, options: ReadLinesOptions): Generator<RawLine> {
  const chunkSize = options.chunkSize ?? 1 << 20;
  // A descriptor stays open for the caller; a path is opened and closed here.
  const fd = typeof file === 'number' ? file : openSync(file, 'r');
  const chunk = takeBuffer(chunkSize);
  let position = options.start ?? 0;
  try {
    const acc = new LineAccumulator(options);
    let index = options.startLine ?? 0;
    let lineOffset = position;
    let bytesRead = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunkSize, position);
      if (n === 0) break;
      const chunkStart = position;
      position += n;
      bytesRead += n;
      options.onProgress?.(bytesRead);
      const data = chunk.subarray(0, n);
      let from = 0;
      for (;;) {
        const nl = data.indexOf(0x0a, from);
        if (nl < 0) break;
        const piece = data.subarray(from, nl);
        if (acc.total === 0 && piece.length <= options.headCap) {
          // Fast path: the whole line is inside this chunk. Not copied: the consumer decodes it
          // before asking for the next line, and this buffer is refilled only after that.
          yield { index, offset: lineOffset, bytes: piece.length, head: piece, tail: null, terminated: true };
        } else {
          acc.push(piece);
          const line = acc.take();
          yield { index, offset: lineOffset, ...line, terminated: true };
        }
        index++;
        lineOffset = chunkStart + nl + 1;
        from = nl + 1;
      }
      if (from < n) acc.push(data.subarray(from));
    }
    if (acc.total > 0) {
      const line = acc.take();
      yield { index, offset: lineOffset, ...line, terminated: false };
    }
  } finally {
    if (fd !== file) closeSync(fd);
    giveBack(chunk);
  }
}

/**
 * Envelope types and 0.169 item kinds that only repeat what other lines hold: `w`orld_state and
 * `t`oken_usage_record lines, and item_completed events (`e`vent_msg) of any item but a message.
 */
const SKIPPABLE_TYPES = ['world_state', 'token_usage_record'].map((type) => Buffer.from(`${type}"`));
const MESSAGE_ITEMS = ['UserMessage', 'AgentMessage', 'Reasoning'].map((type) => Buffer.from(`${type}"`));
const TIMESTAMP = Buffer.from('{"timestamp":"');
const ORDINAL = Buffer.from('"ordinal":');
const TYPE = Buffer.from('"type":"');
const COMPLETED = Buffer.from('event_msg","payload":{"type":"item_completed",');
const ITEM_TYPE = Buffer.from('"item":{"type":"');
/** How far after `item_completed",` the item's type may start. */
const ITEM_WINDOW = 300;

/** Whether `head` holds `bytes` at `at` (before `end`). Compared in a loop: a native call costs more here. */
function bytesAt(head: Buffer, at: number, bytes: Buffer, end: number): boolean {
  if (at + bytes.length > end) return false;
  for (let i = 0; i < bytes.length; i++) if (head[at + i] !== bytes[i]) return false;
  return true;
}

/**
 * Where the envelope's type name starts: after `{"timestamp":"…",` (at most 40 characters of timestamp),
 * an optional `"ordinal":N,` and `"type":"`. -1 when the line does not start that way.
 */
function envelopeTypeStart(head: Buffer, start: number, end: number): number {
  if (!bytesAt(head, start, TIMESTAMP, end)) return -1;
  const from = start + TIMESTAMP.length;
  let close = from;
  while (close < end && close - from <= 40 && head[close] !== 0x22) close++;
  if (close >= end || close - from > 40 || head[close + 1] !== 0x2c) return -1;
  let at = close + 2;
  if (bytesAt(head, at, ORDINAL, end)) {
    let digits = at + ORDINAL.length;
    while (digits < end && (head[digits] as number) >= 0x30 && (head[digits] as number) <= 0x39) digits++;
    if (digits === at + ORDINAL.length || head[digits] !== 0x2c) return -1;
    at = digits + 1;
  }
  return bytesAt(head, at, TYPE, end) ? at + TYPE.length : -1;
}

/**
 * Whether a line can be passed over from its first bytes alone: world state snapshots, per-response
 * usage records, and `item_completed` events for commands and file changes (their response items
 * carry the same call, often with megabytes of output). Looks at bytes only: no string per line.
 * The line is `head` from `start` to `end`.
 */
export function isSkippableLine(head: Buffer, start = 0, end = head.length): boolean {
  const type = envelopeTypeStart(head, start, end);
  if (type < 0) return false;
  // The first letter tells which of the three names it could be: one comparison for most lines.
  const first = head[type];
  if (first === 0x77 || first === 0x74) return SKIPPABLE_TYPES.some((name) => bytesAt(head, type, name, end));
  if (first !== 0x65 || !bytesAt(head, type, COMPLETED, end)) return false;
  const from = type + COMPLETED.length;
  const item = indexWithin(head, ITEM_TYPE, from, Math.min(end, from + ITEM_WINDOW + ITEM_TYPE.length));
  if (item < 0) return false;
  const name = item + ITEM_TYPE.length;
  let after = name;
  while (after < end && isWordByte(head[after] as number)) after++;
  if (after === name || after >= end || head[after] !== 0x22) return false;
  return !MESSAGE_ITEMS.some((message) => bytesAt(head, name, message, end));
}

/** Where `bytes` start in `head` between `from` and `end`, or -1. */
function indexWithin(head: Buffer, bytes: Buffer, from: number, end: number): number {
  if (end - from < bytes.length) return -1;
  // Searched within the window only: `head` may be a whole chunk of lines.
  const at = head.subarray(from, end).indexOf(bytes);
  return at < 0 ? -1 : from + at;
}

/** `\w`: ASCII letters, digits and `_`. */
function isWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

export interface DecodedLine {
  values: unknown[];
  cuts: CutString[];
  /** The line was too long to keep whole: its size in bytes. */
  cutBytes: number | null;
  /** The value closed properly (false for a long line that stops early, e.g. still being written). */
  complete: boolean;
}

export type DecodeProblem = 'malformed' | 'empty';

/** Start of the last complete UTF-8 character sequence, so a cut never splits a character. */
export function utf8Boundary(buf: Buffer, end: number): number {
  let i = end;
  let back = 0;
  while (i > 0 && back < 4 && ((buf[i - 1] as number) & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i === 0) return end;
  const lead = buf[i - 1] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need === back + 1 ? end : i - 1;
}

function decodeText(buf: Buffer, onInvalid: () => void): string {
  const text = buf.toString('utf8');
  if (text.includes('\uFFFD') && !isUtf8(buf)) onInvalid();
  return text;
}

/**
 * Turns a physical line into JSON values: a plain line is parsed whole; a line holding several
 * objects back to back is split; a line kept as head + tail is read by the tolerant reader, which
 * leaves the strings under `unread` keys empty.
 */
export function decodeLine(
  raw: RawLine,
  onInvalidUtf8: () => void,
  unread?: ReadonlySet<string>,
): DecodedLine | DecodeProblem {
  if (raw.tail === null) {
    const text = decodeText(raw.head, onInvalidUtf8);
    if (text.trim() === '') return 'empty';
    try {
      return { values: [JSON.parse(text)], cuts: [], cutBytes: null, complete: true };
    } catch {
      const values = splitConcatenatedJson(text.trim());
      return values ? { values, cuts: [], cutBytes: null, complete: true } : 'malformed';
    }
  }
  const head = raw.head.subarray(0, utf8Boundary(raw.head, raw.head.length));
  let tailStart = 0;
  while (tailStart < raw.tail.length && ((raw.tail[tailStart] as number) & 0xc0) === 0x80) tailStart++;
  const tail = raw.tail.subarray(tailStart);
  let invalid = false;
  const flag = () => {
    invalid = true;
  };
  const headText = decodeText(head, flag);
  const tailText = decodeText(tail, flag);
  if (invalid) onInvalidUtf8();
  const gapBytes = raw.bytes - head.length - tail.length;
  try {
    const parsed = parsePartialJson(headText, { text: tailText, gapBytes }, { unread });
    if (typeof parsed.value !== 'object' || parsed.value === null) return 'malformed';
    return { values: [parsed.value], cuts: parsed.cuts, cutBytes: raw.bytes, complete: parsed.end >= 0 };
  } catch {
    return 'malformed';
  }
}
