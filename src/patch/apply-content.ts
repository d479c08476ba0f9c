import type { FilePatch, Hunk } from './model.js';

/** A run of the new file's bytes, and whether the patch added it (an added line with its newline). */
export interface Segment {
  bytes: Buffer;
  added: boolean;
}

export type ContentResult =
  | { ok: true; segments: Segment[] }
  | {
      ok: false;
      reason: string;
      /** The hunk's line that did not match the file (as the diff holds it), when that is the reason. */
      expected?: string;
    };

interface FileLine {
  start: number;
  /** Just past the line's text, before its newline. */
  end: number;
  newline: boolean;
}

function splitLines(bytes: Buffer): FileLine[] {
  const lines: FileLine[] = [];
  let start = 0;
  while (start < bytes.length) {
    const at = bytes.indexOf(0x0a, start);
    if (at === -1) {
      lines.push({ start, end: bytes.length, newline: false });
      break;
    }
    lines.push({ start, end: at, newline: true });
    start = at + 1;
  }
  return lines;
}

const NEWLINE = Buffer.from('\n');

function quoteLine(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** Applies one hunk at exactly its stated place, appending the new bytes; a reason when it does not fit. */
function applyHunk(
  path: string,
  hunk: Hunk,
  old: Buffer,
  lines: FileLine[],
  out: Segment[],
  isLast: boolean,
): string | { reason: string; expected: string } | null {
  const from = hunk.oldCount > 0 ? hunk.oldStart - 1 : hunk.oldStart;
  if (from + hunk.oldCount > lines.length) {
    return `the hunk at line ${hunk.line} of the diff changes lines ${hunk.oldStart}–${hunk.oldStart + hunk.oldCount - 1} of ${path}, which has ${lines.length} line${lines.length === 1 ? '' : 's'}; a hunk applies only where its header says`;
  }
  let at = from;
  for (const line of hunk.lines) {
    if (line.kind === 'add') {
      const text = Buffer.from(line.text, 'utf8');
      out.push({ bytes: line.noNewline ? text : Buffer.concat([text, NEWLINE]), added: true });
      continue;
    }
    const fileLine = lines[at]!;
    const actual = old.subarray(fileLine.start, fileLine.end);
    if (!actual.equals(Buffer.from(line.text, 'utf8'))) {
      return {
        reason: `line ${at + 1} of ${path} is ${quoteLine(actual.toString('utf8'))}, but the hunk at line ${hunk.line} of the diff expects ${quoteLine(line.text)} there; context must match exactly at the stated line`,
        expected: line.text,
      };
    }
    if (fileLine.newline === line.noNewline) {
      return fileLine.newline
        ? `the hunk at line ${hunk.line} of the diff says line ${at + 1} of ${path} has no newline at its end, but it has one`
        : `line ${at + 1} of ${path} has no newline at its end, but the hunk at line ${hunk.line} of the diff does not say so ("\\ No newline at end of file")`;
    }
    if (line.kind === 'context') {
      out.push({
        bytes: old.subarray(fileLine.start, fileLine.newline ? fileLine.end + 1 : fileLine.end),
        added: false,
      });
    }
    at++;
  }
  const endsOpen = hunk.lines.findLast((line) => line.kind !== 'remove')?.noNewline ?? false;
  if (endsOpen && !(isLast && at === lines.length)) {
    return `the hunk at line ${hunk.line} of the diff says ${path} ends without a newline, but the file goes on after line ${at}`;
  }
  return null;
}

/**
 * The new bytes of one file, computed from its bytes now (null: missing) and the patch alone: every hunk at
 * exactly the line its header states, every old line matched byte for byte — no offset, no fuzz, no
 * whitespace or line-ending leniency, nothing from git's settings. Unchanged bytes are copied as they are.
 */
export function applyToContent(file: FilePatch, path: string, old: Buffer | null): ContentResult {
  if (file.operation === 'add') {
    if (old !== null) return { ok: false, reason: `${path} already exists; the patch would create it` };
  } else if (old === null) {
    return { ok: false, reason: `${path} does not exist; the patch would change it` };
  }
  const source = old ?? Buffer.alloc(0);
  const lines = splitLines(source);
  const out: Segment[] = [];
  let copied = 0;
  for (const [index, hunk] of file.hunks.entries()) {
    const from = hunk.oldCount > 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const stop = lines[from]?.start ?? source.length;
    if (from > 0 && from <= lines.length && !lines[from - 1]!.newline) {
      return {
        ok: false,
        reason: `the hunk at line ${hunk.line} of the diff adds lines after the last line of ${path}, which has no newline`,
      };
    }
    if (stop > copied) out.push({ bytes: source.subarray(copied, stop), added: false });
    const problem = applyHunk(path, hunk, source, lines, out, index === file.hunks.length - 1);
    if (typeof problem === 'string') return { ok: false, reason: problem };
    if (problem !== null) return { ok: false, ...problem };
    const end = from + hunk.oldCount;
    copied = end >= lines.length ? source.length : lines[end]!.start;
  }
  if (copied < source.length) out.push({ bytes: source.subarray(copied), added: false });
  if (file.operation === 'delete') {
    if (out.some((segment) => segment.bytes.length > 0)) {
      return { ok: false, reason: `the patch deletes ${path} but does not remove all of its lines` };
    }
  }
  return { ok: true, segments: out };
}

export function joinSegments(segments: readonly Segment[]): Buffer {
  return Buffer.concat(segments.map((segment) => segment.bytes));
}
