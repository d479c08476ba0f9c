import { closeSync, openSync, readSync } from 'node:fs';
import { readSession } from '../scan/scan.js';
import { confirmLine, findInEntries, type LiteralHit } from './confirm-line.js';

/**
 * One rollout searched for a literal query: its bytes are scanned for every spelling of the query
 * (`literalPatterns`), and each line holding one is decoded and confirmed (`confirmLine`) until one shows the
 * query to a person. Reads are synchronous, in large chunks, as the parser reads: the files are in the page
 * cache and a thread-pool round trip per chunk costs more than the copy.
 */

export interface FileSearch {
  hit: LiteralHit | null;
  /** Why the file was not searched whole: it could not be read, or a line holding the text was too long. */
  problem?: { kind: 'vanished' | 'read_error' | 'oversize_line'; message: string };
}

/** Reused across files: a buffer per file keeps the garbage collector busy. */
export interface SearchBuffers {
  chunk: Buffer;
  /** For finding the end of a line that runs past the chunk. */
  scratch: Buffer;
}

/** A line longer than this is not decoded to confirm a match (its text alone would take hundreds of MB). */
const MAX_CONFIRM_LINE = 80 * 1024 * 1024;

export function createSearchBuffers(chunkSize = 4 * 1024 * 1024): SearchBuffers {
  return { chunk: Buffer.allocUnsafeSlow(chunkSize), scratch: Buffer.allocUnsafeSlow(1024 * 1024) };
}

export async function searchFile(
  path: string,
  query: string,
  patterns: Buffer[],
  buffers: SearchBuffers,
): Promise<FileSearch> {
  if (path.endsWith('.json')) return searchJsonDocument(path, query, patterns, buffers);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return readProblem(error);
  }
  try {
    return searchLines(fd, query, patterns, buffers);
  } catch (error) {
    return readProblem(error);
  } finally {
    closeSync(fd);
  }
}

function readProblem(error: unknown): FileSearch {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') {
    return {
      hit: null,
      problem: { kind: 'vanished', message: 'The file disappeared while it was being searched.' },
    };
  }
  return {
    hit: null,
    problem: {
      kind: 'read_error',
      message: `Could not read the file to search it (${code ?? String(error)}).`,
    },
  };
}

/** The earliest place in `data[from, end)` where any pattern starts, or -1. */
function firstMatch(data: Buffer, from: number, end: number, patterns: Buffer[]): number {
  let best = -1;
  for (const pattern of patterns) {
    const at = data.indexOf(pattern, from);
    if (at >= 0 && at + pattern.length <= end && (best < 0 || at < best)) best = at;
  }
  return best;
}

function searchLines(fd: number, query: string, patterns: Buffer[], buffers: SearchBuffers): FileSearch {
  const { chunk } = buffers;
  const overlap = Math.max(...patterns.map((p) => p.length)) - 1;
  /** File offset of the chunk's first byte. */
  let position = 0;
  /** Where the line holding the chunk's first byte starts. */
  let lineStart = 0;
  let problem: FileSearch['problem'];
  const none = (): FileSearch => (problem ? { hit: null, problem } : { hit: null });
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) return none();
    const data = chunk.subarray(0, n);
    let from = 0;
    let resumeAt = -1;
    for (;;) {
      const at = firstMatch(data, from, n, patterns);
      if (at < 0) break;
      const newline = data.lastIndexOf(0x0a, at);
      const start = newline >= 0 ? position + newline + 1 : lineStart;
      const after = data.indexOf(0x0a, at);
      const inChunk = after >= 0 && start >= position;
      const read = inChunk
        ? { line: data.subarray(start - position, after), end: position + after }
        : readLineAt(fd, start, after >= 0 ? position + after : -1, buffers.scratch);
      if (read.line === 'oversize') {
        const mb = Math.round((read.end - start) / 1e6);
        problem = {
          kind: 'oversize_line',
          message: `A line of ${mb} MB (at byte ${start}) holds the searched text in its bytes but is too long to decode: it was not searched.`,
        };
      } else {
        const hit = confirmLine(read.line, start === 0, query);
        if (hit) return { hit: { ...hit, line: countLines(fd, start, buffers.chunk) } };
      }
      if (!inChunk) {
        // The line ran past this chunk (and the scratch read may have used its bytes): go on after it.
        resumeAt = read.end + 1;
        break;
      }
      from = after + 1;
    }
    if (resumeAt >= 0) {
      position = resumeAt;
      lineStart = resumeAt;
      continue;
    }
    if (n < chunk.length) return none();
    // The next chunk starts early enough to see a spelling that straddles this chunk's end.
    const next = position + n - overlap;
    const newline = data.lastIndexOf(0x0a, next - position - 1);
    if (newline >= 0) lineStart = position + newline + 1;
    position = next;
  }
}

/**
 * The line that starts at `start`: up to `knownEnd` (its newline) when known, else up to the next newline or
 * the end of the file. Lines too long to decode are not read.
 */
function readLineAt(
  fd: number,
  start: number,
  knownEnd: number,
  scratch: Buffer,
): { line: Buffer | 'oversize'; end: number } {
  const end = knownEnd >= 0 ? knownEnd : findNewline(fd, start, scratch);
  if (end - start > MAX_CONFIRM_LINE) return { line: 'oversize', end };
  const line = Buffer.allocUnsafe(end - start);
  for (let done = 0; done < line.length; ) {
    const n = readSync(fd, line, done, line.length - done, start + done);
    if (n === 0) return { line: line.subarray(0, done), end: start + done };
    done += n;
  }
  return { line, end };
}

/** The number of the line that starts at byte `end`: the newlines before it (read again, once per hit). */
function countLines(fd: number, end: number, chunk: Buffer): number {
  let lines = 0;
  for (let position = 0; position < end; ) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - position), position);
    if (n === 0) break;
    for (let at = chunk.indexOf(0x0a); at >= 0 && at < n; at = chunk.indexOf(0x0a, at + 1)) lines++;
    position += n;
  }
  return lines;
}

/** Offset of the first newline at or after `from`, or the file's end. */
function findNewline(fd: number, from: number, scratch: Buffer): number {
  for (let position = from; ; ) {
    const n = readSync(fd, scratch, 0, scratch.length, position);
    if (n === 0) return position;
    const at = scratch.subarray(0, n).indexOf(0x0a);
    if (at >= 0) return position + at;
    position += n;
  }
}

/** Era A: one JSON document, normalized whole (as the parser reads it) when its bytes hold the query. */
async function searchJsonDocument(
  path: string,
  query: string,
  patterns: Buffer[],
  buffers: SearchBuffers,
): Promise<FileSearch> {
  let holds: boolean;
  try {
    holds = bytesHold(path, patterns, buffers);
  } catch (error) {
    return readProblem(error);
  }
  if (!holds) return { hit: null };
  const detail = await readSession(path);
  const gone = detail.metadata.parse_issues.examples.find(
    (issue) => issue.kind === 'vanished' || issue.kind === 'read_error',
  );
  if (gone)
    return { hit: null, problem: { kind: gone.kind as 'vanished' | 'read_error', message: gone.message } };
  return { hit: findInEntries(detail.messages, query) };
}

function bytesHold(path: string, patterns: Buffer[], { chunk }: SearchBuffers): boolean {
  const fd = openSync(path, 'r');
  try {
    const overlap = Math.max(...patterns.map((p) => p.length)) - 1;
    for (let position = 0; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) return false;
      if (firstMatch(chunk, 0, n, patterns) >= 0) return true;
      if (n < chunk.length) return false;
      position += n - overlap;
    }
  } finally {
    closeSync(fd);
  }
}
