/** A unified diff, split into files, hunks and numbered lines for the viewer. */

type DiffLineKind = 'add' | 'del' | 'ctx' | 'note';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

interface DiffHunk {
  header: string;
  lines: DiffLine[];
}

export interface DiffFile {
  oldPath: string | null;
  newPath: string | null;
  /** The path to show: the new one, or the old one for a deletion. */
  path: string;
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  headers: string[];
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

function stripPrefix(raw: string): string | null {
  const path = raw.split('\t')[0]?.trim() ?? '';
  if (path === '/dev/null') return null;
  return path.replace(/^[ab]\//, '');
}

function newFile(): DiffFile {
  return {
    oldPath: null,
    newPath: null,
    path: '',
    status: 'modified',
    headers: [],
    hunks: [],
    added: 0,
    removed: 0,
  };
}

function finishFile(file: DiffFile): DiffFile {
  if (file.oldPath === null && file.newPath !== null) file.status = 'added';
  else if (file.newPath === null && file.oldPath !== null) file.status = 'deleted';
  else if (file.oldPath !== file.newPath) file.status = 'renamed';
  file.path = file.newPath ?? file.oldPath ?? '(unknown file)';
  return file;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Hunk bodies are read by the line counts their headers promise, so a removed line that itself
 * starts with "-- " is never mistaken for the next file's header; a `diff --git` or `@@` line still
 * ends a hunk whose counts are wrong (as model-written diffs often are).
 */
export function parseDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let hunk: DiffHunk | null = null;
  let oldNo = 0;
  let newNo = 0;
  let oldLeft = 0;
  let newLeft = 0;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();

  const startFile = (): DiffFile => {
    if (file) files.push(finishFile(file));
    file = newFile();
    hunk = null;
    return file;
  };

  for (const line of lines) {
    const inHunk =
      hunk !== null &&
      (oldLeft > 0 || newLeft > 0 || line.startsWith('\\')) &&
      !line.startsWith('diff --git ') &&
      !HUNK.test(line) &&
      /^[-+ \\]|^$/.test(line);
    if (inHunk && hunk !== null) {
      const open: DiffHunk = hunk;
      const current = file as unknown as DiffFile;
      if (line.startsWith('\\')) {
        open.lines.push({ kind: 'note', text: line, oldNo: null, newNo: null });
      } else if (line.startsWith('+')) {
        open.lines.push({ kind: 'add', text: line.slice(1), oldNo: null, newNo: newNo++ });
        current.added++;
        newLeft--;
      } else if (line.startsWith('-')) {
        open.lines.push({ kind: 'del', text: line.slice(1), oldNo: oldNo++, newNo: null });
        current.removed++;
        oldLeft--;
      } else {
        open.lines.push({ kind: 'ctx', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    hunk = null;
    if (line.startsWith('diff --git ')) {
      const current = startFile();
      current.headers.push(line);
      const match = /^diff --git a\/(.+) b\/(.+)$/.exec(line);
      current.oldPath = match?.[1] ?? null;
      current.newPath = match?.[2] ?? null;
      continue;
    }
    if (line.startsWith('--- ')) {
      const open = file as DiffFile | null;
      const current =
        open && open.hunks.length === 0 && !open.headers.some((h) => h.startsWith('--- '))
          ? open
          : startFile();
      current.headers.push(line);
      current.oldPath = stripPrefix(line.slice(4));
      continue;
    }
    const current = file as DiffFile | null;
    if (!current) continue;
    if (line.startsWith('+++ ')) {
      current.headers.push(line);
      current.newPath = stripPrefix(line.slice(4));
      continue;
    }
    const match = HUNK.exec(line);
    if (match) {
      hunk = { header: line, lines: [] };
      current.hunks.push(hunk);
      oldNo = Number(match[1]);
      newNo = Number(match[3]);
      oldLeft = match[2] === undefined ? 1 : Number(match[2]);
      newLeft = match[4] === undefined ? 1 : Number(match[4]);
      continue;
    }
    current.headers.push(line);
  }
  if (file) files.push(finishFile(file));
  return files;
}

export interface SplitRow {
  left: DiffLine | null;
  right: DiffLine | null;
}

/** Side-by-side rows: removals on the left paired with the additions that replace them. */
export function pairLines(lines: DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as DiffLine;
    if (line.kind === 'del' || line.kind === 'add') {
      const dels: DiffLine[] = [];
      const adds: DiffLine[] = [];
      while (i < lines.length && (lines[i] as DiffLine).kind === 'del') dels.push(lines[i++] as DiffLine);
      while (i < lines.length && (lines[i] as DiffLine).kind === 'add') adds.push(lines[i++] as DiffLine);
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
        rows.push({ left: dels[k] ?? null, right: adds[k] ?? null });
      }
      continue;
    }
    rows.push(line.kind === 'note' ? { left: line, right: null } : { left: line, right: line });
    i++;
  }
  return rows;
}
