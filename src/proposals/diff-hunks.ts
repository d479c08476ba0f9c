/** One `@@` hunk: its header numbers as they should be (recounted if the model got them wrong). */
export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Text after the closing `@@` (git's function context); kept, never interpreted. */
  section: string;
  /** Body lines, each starting with ' ', '-', '+' or '\' (an empty context line is stored as ' '). */
  lines: string[];
  /** 1-based line of the `@@` header in the diff. */
  line: number;
  /** The header's counts did not match the body and were replaced by the body's own counts. */
  recounted: boolean;
}

export class DiffSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

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

function countBody(body: string[]): { oldCount: number; newCount: number; changes: number } {
  let oldCount = 0;
  let newCount = 0;
  let changes = 0;
  for (const line of body) {
    const kind = bodyKind(line);
    if (kind === ' ') {
      oldCount++;
      newCount++;
    } else if (kind === '-') {
      oldCount++;
      changes++;
    } else if (kind === '+') {
      newCount++;
      changes++;
    }
  }
  return { oldCount, newCount, changes };
}

/**
 * Parses the hunk whose `@@` header is at `index`. When the header's line counts do not match the body
 * (a common slip when a model writes a diff by hand), the body is read up to the next section and the
 * counts are taken from it; a body cut off at the very end of the text is refused as truncated.
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
  const counted = readCounted(lines, index + 1, stated.oldCount, stated.newCount);
  const end = counted ?? readGreedy(lines, index + 1);
  const body = lines.slice(index + 1, end).map((line) => (line === '' ? ' ' : line));
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
  const recounted = oldCount !== stated.oldCount || newCount !== stated.newCount;
  const hunk: Hunk = {
    ...stated,
    oldCount,
    newCount,
    section: match[5] ?? '',
    lines: body,
    line: index + 1,
    recounted,
  };
  return { hunk, next: end };
}

/** The hunk as git expects it, with counts that match its body. */
export function formatHunk(hunk: Hunk): string {
  return `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@${hunk.section}\n${hunk.lines.join('\n')}\n`;
}
