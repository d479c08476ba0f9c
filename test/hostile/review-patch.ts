/**
 * What a reviewer reads in a diff, applied the way a reader understands it, to tell whether the bytes an
 * apply wrote are the bytes the review showed. Deliberately strict and independent of the product's parser:
 * a hunk holds exactly the lines its header counts, context must match at the stated line, nothing is
 * recounted, moved or guessed. Renames and deletions exist only when the review declares them. Only the
 * markdown fence lines around a diff ("```diff") are read past, as a person reads past them.
 */

interface ReviewLine {
  op: ' ' | '-' | '+';
  text: string;
  /** Followed by `\ No newline at end of file`. */
  noNewline: boolean;
}

interface ReviewHunk {
  oldStart: number;
  oldCount: number;
  lines: ReviewLine[];
}

interface ReviewFile {
  oldPath: string | null;
  newPath: string | null;
  hunks: ReviewHunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const IGNORED_HEADER =
  /^(index |similarity index |dissimilarity index |new file mode 100644$|deleted file mode 100644$)/;

function readPath(value: string): string | null {
  if (value === '/dev/null') return null;
  if (value.startsWith('"')) throw new Error(`the review names a quoted path (${value}); read it by hand`);
  const path = value.replace(/\t.*$/, '');
  return path.startsWith('a/') || path.startsWith('b/') ? path.slice(2) : path;
}

function readHunk(lines: string[], at: number, header: RegExpExecArray): { hunk: ReviewHunk; next: number } {
  const oldCount = header[2] === undefined ? 1 : Number(header[2]);
  const newCount = header[4] === undefined ? 1 : Number(header[4]);
  const hunk: ReviewHunk = { oldStart: Number(header[1]), oldCount, lines: [] };
  let oldLeft = oldCount;
  let newLeft = newCount;
  let i = at;
  while (oldLeft > 0 || newLeft > 0) {
    const line = lines[i];
    if (line === undefined)
      throw new Error(
        `the hunk at line ${at} ends before the ${oldCount}/${newCount} lines its header counts`,
      );
    if (line.startsWith('\\')) {
      const last = hunk.lines.at(-1);
      if (!last) throw new Error(`line ${i + 1}: a "\\" marker with no line before it`);
      last.noNewline = true;
    } else {
      const op = line[0];
      if (op !== ' ' && op !== '-' && op !== '+')
        throw new Error(`line ${i + 1} is not a hunk line: ${JSON.stringify(line)}`);
      if (op !== '+') oldLeft--;
      if (op !== '-') newLeft--;
      if (oldLeft < 0 || newLeft < 0)
        throw new Error(`the hunk at line ${at} holds more lines than its header counts`);
      hunk.lines.push({ op, text: line.slice(1), noNewline: false });
    }
    i++;
  }
  while (lines[i]?.startsWith('\\')) {
    hunk.lines.at(-1)!.noNewline = true;
    i++;
  }
  refuseMidHunkMarker(hunk, at);
  return { hunk, next: i };
}

/** A reader sees a line end wherever a line ends: "no newline" can only be said of a side's last line. */
function refuseMidHunkMarker(hunk: ReviewHunk, at: number): void {
  hunk.lines.forEach((line, index) => {
    if (!line.noNewline) return;
    const later = hunk.lines.slice(index + 1);
    const sameSide = later.some((next) => next.op === ' ' || line.op === ' ' || next.op === line.op);
    if (sameSide)
      throw new Error(
        `the hunk at line ${at} says "no newline" in the middle of a file, which a reader cannot see`,
      );
  });
}

function parseReview(text: string): ReviewFile[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const files: ReviewFile[] = [];
  let current: (ReviewFile & { declared: boolean }) | null = null;
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      if (!current) throw new Error(`line ${i + 1}: a hunk before any file header`);
      const { hunk, next } = readHunk(lines, i + 1, header);
      current.hunks.push(hunk);
      i = next;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      current = { oldPath: null, newPath: null, hunks: [], declared: false };
      files.push(current);
      const [, a, b] = /^diff --git (\S+) (\S+)$/.exec(line) ?? [];
      if (!a || !b) throw new Error(`line ${i + 1}: a "diff --git" line this reader cannot split`);
      current.oldPath = readPath(a);
      current.newPath = readPath(b);
    } else if (line.startsWith('--- ')) {
      if (!current || current.hunks.length > 0) {
        current = { oldPath: null, newPath: null, hunks: [], declared: false };
        files.push(current);
      }
      current.oldPath = readPath(line.slice(4));
    } else if (line.startsWith('+++ ') && current) {
      current.newPath = readPath(line.slice(4));
      if (
        current.oldPath !== null &&
        current.newPath !== null &&
        current.oldPath !== current.newPath &&
        !current.declared
      )
        throw new Error(
          `line ${i + 1}: ${current.oldPath} becomes ${current.newPath} with no rename declared`,
        );
    } else if (line.startsWith('rename from ') && current) {
      current.oldPath = line.slice('rename from '.length);
      current.declared = true;
    } else if (line.startsWith('rename to ') && current) {
      current.newPath = line.slice('rename to '.length);
      current.declared = true;
    } else if (!IGNORED_HEADER.test(line) && !/^```\w*$/.test(line)) {
      throw new Error(`line ${i + 1} is neither a header nor inside a hunk: ${JSON.stringify(line)}`);
    }
    i++;
  }
  return files;
}

interface FileLine {
  text: string;
  newline: boolean;
}

function splitLines(content: string): FileLine[] {
  if (content === '') return [];
  const parts = content.split('\n');
  const last = parts.pop()!;
  const lines = parts.map((text) => ({ text, newline: true }));
  if (last !== '') lines.push({ text: last, newline: false });
  return lines;
}

function applyHunks(path: string, content: string, hunks: ReviewHunk[]): string {
  const old = splitLines(content);
  const out: FileLine[] = [];
  let at = 0;
  for (const hunk of hunks) {
    // `-5,0` inserts after line 5; `-5,3` starts at line 5.
    const start = hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1;
    if (start < at)
      throw new Error(`${path}: a hunk at line ${hunk.oldStart} starts before the previous one ends`);
    out.push(...old.slice(at, start));
    at = start;
    for (const line of hunk.lines) {
      if (line.op !== '+') {
        const have = old[at];
        if (!have || have.text !== line.text || have.newline === line.noNewline)
          throw new Error(`${path}: line ${at + 1} is not ${JSON.stringify(line.text)} as the review shows`);
        at++;
      }
      if (line.op !== '-') out.push({ text: line.text, newline: !line.noNewline });
    }
  }
  out.push(...old.slice(at));
  return out.map((line) => line.text + (line.newline ? '\n' : '')).join('');
}

/**
 * Every file the review changes, as the review says it ends up (null: removed). `read` gives the bytes of a
 * path before the apply (null: missing). With `terminal`, text is compared as a terminal shows it (CRLF as LF).
 */
export function applyReview(
  text: string,
  read: (path: string) => Buffer | null,
  options: { terminal?: boolean } = {},
): Map<string, string | null> {
  const shown = (bytes: Buffer | null) => {
    const content = bytes?.toString('utf8') ?? null;
    return options.terminal && content !== null ? content.replaceAll('\r\n', '\n') : content;
  };
  const results = new Map<string, string | null>();
  for (const file of parseReview(text)) {
    if (file.oldPath !== null && file.oldPath !== file.newPath) results.set(file.oldPath, null);
    if (file.newPath === null) continue;
    const before = file.oldPath === null ? '' : shown(read(file.oldPath));
    if (before === null) throw new Error(`the review changes ${file.oldPath}, which does not exist`);
    results.set(file.newPath, applyHunks(file.newPath, before, file.hunks));
  }
  return results;
}
