/**
 * The structured patch of `GET /codex/proposals/:id` (`patch`), read the way the UI shows it: every file with
 * its operation, every line at the numbers it carries. Applied to the files as they were, it says what each
 * file becomes, to compare with the bytes written. Independent of the product's own code and strict: a number,
 * a count, an operation or a line end that disagrees with the files or with the rest of the structure is a
 * reason, never corrected.
 */

interface ViewLine {
  kind: 'context' | 'add' | 'remove';
  text: string;
  old_line: number | null;
  new_line: number | null;
  no_newline: boolean;
}

interface ViewHunk {
  header: string;
  stated_header: string | null;
  old_start: number;
  old_count: number;
  new_start: number;
  new_count: number;
  lines: ViewLine[];
}

interface ViewFile {
  operation: 'add' | 'modify' | 'delete' | 'rename' | 'copy';
  path: string;
  old_path: string | null;
  new_path: string | null;
  binary: boolean;
  added: number;
  removed: number;
  hunks: ViewHunk[];
}

export interface PatchView {
  files: ViewFile[];
}

interface Line {
  text: string;
  newline: boolean;
}

function splitLines(content: string): Line[] {
  if (content === '') return [];
  const parts = content.split('\n');
  const last = parts.pop()!;
  const lines = parts.map((text) => ({ text, newline: true }));
  if (last !== '') lines.push({ text: last, newline: false });
  return lines;
}

function joinLines(path: string, lines: Line[]): string {
  lines.forEach((line, index) => {
    if (!line.newline && index < lines.length - 1)
      throw new Error(
        `${path}: line ${index + 1} is shown ending without a newline, yet more lines follow it`,
      );
  });
  return lines.map((line) => line.text + (line.newline ? '\n' : '')).join('');
}

function count(lines: ViewLine[], kind: ViewLine['kind']): number {
  return lines.filter((line) => line.kind === kind).length;
}

/** One hunk onto `old` from line `at` (0-based), appending to `out`; returns where the old file resumes. */
function applyHunk(where: string, hunk: ViewHunk, old: Line[], out: Line[], at: number): number {
  const oldCount = count(hunk.lines, 'context') + count(hunk.lines, 'remove');
  const newCount = count(hunk.lines, 'context') + count(hunk.lines, 'add');
  if (hunk.old_count !== oldCount || hunk.new_count !== newCount)
    throw new Error(
      `${where}: counts ${hunk.old_count},${hunk.new_count} but holds ${oldCount},${newCount} lines`,
    );
  const prefix = `@@ -${hunk.old_start},${hunk.old_count} +${hunk.new_start},${hunk.new_count} @@`;
  if (!hunk.header.startsWith(prefix))
    throw new Error(`${where}: the header ${hunk.header} is not ${prefix}`);
  const from = hunk.old_count === 0 ? hunk.old_start : hunk.old_start - 1;
  if (from < at || from > old.length) throw new Error(`${where}: starts at old line ${hunk.old_start}`);
  out.push(...old.slice(at, from));
  const newStart = hunk.new_count === 0 ? out.length : out.length + 1;
  if (hunk.new_start !== newStart) throw new Error(`${where}: new start ${hunk.new_start}, not ${newStart}`);
  let position = from;
  for (const line of hunk.lines) {
    if (line.kind === 'add') {
      if (line.old_line !== null)
        throw new Error(`${where}: an added line carries old line ${line.old_line}`);
    } else {
      const have = old[position];
      if (line.old_line !== position + 1)
        throw new Error(
          `${where}: ${JSON.stringify(line.text)} is numbered old ${line.old_line}, not ${position + 1}`,
        );
      if (!have || have.text !== line.text || have.newline === line.no_newline)
        throw new Error(`${where}: old line ${position + 1} is not ${JSON.stringify(line.text)} as shown`);
      position++;
    }
    if (line.kind === 'remove') {
      if (line.new_line !== null)
        throw new Error(`${where}: a removed line carries new line ${line.new_line}`);
    } else {
      if (line.new_line !== out.length + 1)
        throw new Error(
          `${where}: ${JSON.stringify(line.text)} is numbered new ${line.new_line}, not ${out.length + 1}`,
        );
      out.push({ text: line.text, newline: !line.no_newline });
    }
  }
  return position;
}

function applyFile(file: ViewFile, before: string): string {
  const old = splitLines(before);
  const out: Line[] = [];
  let at = 0;
  file.hunks.forEach((hunk, index) => {
    at = applyHunk(`${file.path}, hunk ${index + 1}`, hunk, old, out, at);
  });
  out.push(...old.slice(at));
  return joinLines(file.path, out);
}

/** Each file's operation agrees with its paths and with what exists before the apply. */
function checkOperation(file: ViewFile, exists: (path: string) => boolean): void {
  const { operation, old_path: from, new_path: to, path } = file;
  const fits = {
    add: from === null && to === path && !exists(path),
    delete: to === null && from === path && exists(path),
    modify: from === path && to === path && exists(path),
    rename: from !== null && to === path && from !== to && exists(from) && !exists(to),
    copy: from !== null && to === path && from !== to && exists(from) && !exists(to),
  }[operation];
  if (!fits)
    throw new Error(`${path}: "${operation}" from ${from} to ${to} does not fit the files as they are`);
  if (file.binary) throw new Error(`${path}: shown as binary`);
  const lines = file.hunks.flatMap((hunk) => hunk.lines);
  if (file.added !== count(lines, 'add') || file.removed !== count(lines, 'remove'))
    throw new Error(`${path}: +${file.added} -${file.removed} disagree with its lines`);
}

/**
 * Every path the structured patch changes, as it shows it ends up (null: removed). `read` gives the text of a
 * path before the apply (null: missing).
 */
export function applyPatchView(
  patch: PatchView,
  read: (path: string) => string | null,
): Map<string, string | null> {
  const results = new Map<string, string | null>();
  for (const file of patch.files) {
    checkOperation(file, (path) => read(path) !== null);
    const source = file.old_path === null ? '' : read(file.old_path)!;
    const after = applyFile(file, source);
    if (file.operation === 'delete') {
      if (after !== '') throw new Error(`${file.path}: deleted, yet lines of it are left`);
      results.set(file.path, null);
      continue;
    }
    if (file.operation === 'rename') results.set(file.old_path!, null);
    results.set(file.path, after);
  }
  return results;
}

/** The headers as the diff stated them, of the hunks the structure shows recounted. */
export function listStatedHeaders(patch: PatchView): string[] {
  return patch.files.flatMap((file) => file.hunks.flatMap((hunk) => hunk.stated_header ?? []));
}
