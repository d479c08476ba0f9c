import type { Hunk, PatchLine } from './model.js';
import { DiffSyntaxError } from './parse-error.js';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/** Where one file's section (or the next hunk) starts: the end of the current hunk's body. */
function isSectionStart(lines: string[], index: number): boolean {
  const line = lines[index];
  if (line === undefined) return true;
  if (line.startsWith('@@') || line.startsWith('diff --git ')) return true;
  return line.startsWith('--- ') && (lines[index + 1]?.startsWith('+++ ') ?? false);
}

/** True when only blank lines lie between `index` and the next section (or the end). */
function isBoundary(lines: string[], index: number): boolean {
  let i = index;
  while (i < lines.length && lines[i] === '') i++;
  return isSectionStart(lines, i);
}

function bodyKind(line: string): ' ' | '-' | '+' | '\\' | null {
  if (line === '') return ' ';
  const first = line[0];
  return first === ' ' || first === '-' || first === '+' || first === '\\' ? first : null;
}

/** Reads the body exactly as the header counts say; undefined when that does not end cleanly. */
function readCounted(lines: string[], start: number, oldCount: number, newCount: number): number | undefined {
  let oldLeft = oldCount;
  let newLeft = newCount;
  let i = start;
  while ((oldLeft > 0 || newLeft > 0) && i < lines.length) {
    if (isSectionStart(lines, i)) return undefined;
    const kind = bodyKind(lines[i]!);
    if (kind === null) return undefined;
    if (kind === ' ') {
      oldLeft--;
      newLeft--;
    } else if (kind === '-') oldLeft--;
    else if (kind === '+') newLeft--;
    if (oldLeft < 0 || newLeft < 0) return undefined;
    i++;
  }
  if (oldLeft !== 0 || newLeft !== 0) return undefined;
  while (i < lines.length && lines[i]!.startsWith('\\')) i++;
  return isBoundary(lines, i) ? i : undefined;
}

/** Reads every diff line up to the next section, dropping blank separator lines at its end. */
function readGreedy(lines: string[], start: number): number {
  let i = start;
  while (i < lines.length && !isSectionStart(lines, i) && bodyKind(lines[i]!) !== null) i++;
  let end = i;
  while (end > start && lines[end - 1] === '') end--;
  if (!isBoundary(lines, end)) {
    throw new DiffSyntaxError(
      i + 1,
      `line ${i + 1} is inside a hunk but does not start with ' ', '-', '+' or '\\': ${JSON.stringify(lines[i]!.slice(0, 60))}`,
    );
  }
  return end;
}

const KINDS = { ' ': 'context', '-': 'remove', '+': 'add' } as const;

/**
 * The body as lines. A `\ No newline at end of file` marker belongs to the line before it, and can only be
 * said of the last line of a side (old or new): anywhere else git would join two lines into one that no line
 * of the review shows, so it is refused.
 */
function readBody(lines: string[], start: number, end: number, headerLine: number): PatchLine[] {
  const body: PatchLine[] = [];
  for (let i = start; i < end; i++) {
    const raw = lines[i]!;
    const kind = bodyKind(raw);
    if (kind === '\\') {
      const last = body.at(-1);
      if (last === undefined || last.noNewline) {
        throw new DiffSyntaxError(i + 1, `line ${i + 1} is a "\\ No newline" marker that follows no line`);
      }
      last.noNewline = true;
      continue;
    }
    body.push({ kind: KINDS[kind as ' ' | '-' | '+'], text: raw.slice(1), noNewline: false });
  }
  body.forEach((line, index) => {
    if (!line.noNewline) return;
    const later = body.slice(index + 1);
    const sameSide = later.some(
      (next) => line.kind === 'context' || next.kind === 'context' || next.kind === line.kind,
    );
    if (sameSide) {
      throw new DiffSyntaxError(
        headerLine,
        `the hunk at line ${headerLine} says "No newline at end of file" before more lines of the same file: git would join two lines into one that the review does not show`,
      );
    }
  });
  return body;
}

function countBody(body: PatchLine[]): { oldCount: number; newCount: number; changes: number } {
  let oldCount = 0;
  let newCount = 0;
  let changes = 0;
  for (const line of body) {
    if (line.kind !== 'add') oldCount++;
    if (line.kind !== 'remove') newCount++;
    if (line.kind !== 'context') changes++;
  }
  return { oldCount, newCount, changes };
}

/**
 * Parses the hunk whose `@@` header is at `index`. When the header's line counts do not match the body
 * (a common slip when a model writes a diff by hand), the body is read up to the next section and the
 * counts are taken from it, and the hunk keeps the header as written so every view can say it was
 * recounted; a body cut off at the very end of the text is refused as truncated. `newStart` is as written:
 * the file's parser sets it from the hunks before it.
 */
export function parseHunk(
  lines: string[],
  index: number,
  endsWithNewline: boolean,
): { hunk: Hunk; next: number } {
  const header = lines[index]!;
  const match = HUNK_HEADER.exec(header);
  if (!match) {
    throw new DiffSyntaxError(
      index + 1,
      `malformed hunk header at line ${index + 1}: ${JSON.stringify(header.slice(0, 60))}`,
    );
  }
  const stated = {
    oldStart: Number(match[1]),
    oldCount: match[2] === undefined ? 1 : Number(match[2]),
    newStart: Number(match[3]),
    newCount: match[4] === undefined ? 1 : Number(match[4]),
  };
  if (!Object.values(stated).every(Number.isSafeInteger)) {
    throw new DiffSyntaxError(
      index + 1,
      `the hunk header at line ${index + 1} holds a number too large to be a line`,
    );
  }
  const counted = readCounted(lines, index + 1, stated.oldCount, stated.newCount);
  const end = counted ?? readGreedy(lines, index + 1);
  const body = readBody(lines, index + 1, end, index + 1);
  const { oldCount, newCount, changes } = countBody(body);
  const cutShort = oldCount < stated.oldCount || newCount < stated.newCount;
  if (counted === undefined && end === lines.length && !endsWithNewline && cutShort) {
    throw new DiffSyntaxError(
      end,
      `the hunk at line ${index + 1} has fewer lines than its header says and the diff stops in the middle of a line: it looks truncated`,
    );
  }
  if (changes === 0) {
    throw new DiffSyntaxError(index + 1, `the hunk at line ${index + 1} changes no line`);
  }
  if (stated.oldStart === 0 && oldCount > 0) {
    throw new DiffSyntaxError(
      index + 1,
      `the hunk at line ${index + 1} starts at line 0 but has old lines; lines are counted from 1`,
    );
  }
  const recounted = oldCount !== stated.oldCount || newCount !== stated.newCount;
  const hunk: Hunk = {
    oldStart: stated.oldStart,
    oldCount,
    newStart: stated.newStart,
    newCount,
    section: match[5] ?? '',
    lines: body,
    line: index + 1,
    stated: recounted ? header : null,
  };
  return { hunk, next: end };
}
