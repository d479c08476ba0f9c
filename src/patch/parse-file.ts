import type { FilePatch, Hunk } from './model.js';
import { DiffSyntaxError } from './parse-error.js';
import { parseHunk } from './parse-hunk.js';
import { nameOrNull, readFileLineName, readGitHeaderNames, stripPrefixes, unquote } from './parse-names.js';

const EXTENDED_KEYS = [
  'index',
  'old mode',
  'new mode',
  'deleted file mode',
  'new file mode',
  'similarity index',
  'dissimilarity index',
  'rename from',
  'rename to',
  'copy from',
  'copy to',
];
const EXTENDED_HEADER =
  /^(index |old mode |new mode |deleted file mode |new file mode |similarity index |dissimilarity index |rename from |rename to |copy from |copy to |GIT binary patch|Binary files )/;

/** Parses one file's section starting at `start` (a `diff --git` line, or `---` followed by `+++`). */
export function parseFile(
  lines: string[],
  start: number,
  endsWithNewline: boolean,
): { file: FilePatch; next: number } {
  const file: FilePatch = {
    line: start + 1,
    operation: 'modify',
    oldPath: null,
    newPath: null,
    oldMode: null,
    newMode: null,
    newFileMode: null,
    deletedFileMode: null,
    binary: false,
    hunks: [],
  };
  let i = start;
  let headerNames: [string | null, string | null] | undefined;
  const ext: Record<string, string> = {};
  const isGit = lines[i]!.startsWith('diff --git ');
  if (isGit) {
    const names = readGitHeaderNames(lines[i]!.slice('diff --git '.length), i + 1);
    if (names) headerNames = stripPrefixes(names[0], names[1], i + 1);
    i++;
    while (i < lines.length && EXTENDED_HEADER.test(lines[i]!)) {
      const line = lines[i]!;
      if (line.startsWith('GIT binary patch') || line.startsWith('Binary files ')) {
        file.binary = true;
        i++;
        while (i < lines.length && !lines[i]!.startsWith('diff --git ')) i++;
        break;
      }
      const key = EXTENDED_KEYS.find((name) => line.startsWith(`${name} `));
      if (key) {
        const value = line.slice(key.length + 1);
        ext[key] = value.startsWith('"') ? (unquote(value)?.value ?? value) : value;
      }
      i++;
    }
  }
  let minusName: string | null | undefined;
  let plusName: string | null | undefined;
  if (!file.binary && lines[i]?.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
    const [oldName, newName] = stripPrefixes(
      nameOrNull(readFileLineName(lines[i]!.slice(4), i + 1)),
      nameOrNull(readFileLineName(lines[i + 1]!.slice(4), i + 2)),
      i + 1,
    );
    minusName = oldName;
    plusName = newName;
    i += 2;
  } else if (!isGit) {
    throw new DiffSyntaxError(i + 1, `line ${i + 1} should start a file with "--- " and "+++ " lines`);
  }
  while (!file.binary && i < lines.length && lines[i]!.startsWith('@@')) {
    const { hunk, next } = parseHunk(lines, i, endsWithNewline);
    file.hunks.push(hunk);
    i = next;
    let j = i;
    while (lines[j] === '') j++;
    if (lines[j]?.startsWith('@@')) i = j;
  }
  resolvePaths(file, ext, headerNames, minusName, plusName);
  const hasHeaderOnlyChange =
    file.binary ||
    file.operation === 'rename' ||
    file.operation === 'copy' ||
    file.newFileMode !== null ||
    file.deletedFileMode !== null ||
    file.newMode !== null;
  if (file.hunks.length === 0 && !hasHeaderOnlyChange) {
    throw new DiffSyntaxError(
      file.line,
      `the change to ${JSON.stringify(file.newPath ?? file.oldPath)} at line ${file.line} has no hunks`,
    );
  }
  placeHunks(file);
  return { file, next: i };
}

function resolvePaths(
  file: FilePatch,
  ext: Record<string, string>,
  headerNames: [string | null, string | null] | undefined,
  minusName: string | null | undefined,
  plusName: string | null | undefined,
): void {
  file.oldMode = ext['old mode'] ?? null;
  file.newMode = ext['new mode'] ?? null;
  file.newFileMode = ext['new file mode'] ?? null;
  file.deletedFileMode = ext['deleted file mode'] ?? null;
  const renameFrom = ext['rename from'] ?? ext['copy from'];
  const renameTo = ext['rename to'] ?? ext['copy to'];
  const line = file.line;
  if ((renameFrom === undefined) !== (renameTo === undefined)) {
    throw new DiffSyntaxError(line, `the rename or copy at line ${line} names only one side`);
  }
  if (ext['rename from'] !== undefined && ext['copy from'] !== undefined) {
    throw new DiffSyntaxError(line, `the file at line ${line} is declared both a rename and a copy`);
  }
  let oldPath = renameFrom ?? (minusName !== undefined ? minusName : (headerNames?.[0] ?? null));
  let newPath = renameTo ?? (plusName !== undefined ? plusName : (headerNames?.[1] ?? null));
  if (file.newFileMode !== null) oldPath = null;
  if (file.deletedFileMode !== null) newPath = null;
  if (file.newFileMode !== null && file.deletedFileMode !== null) {
    throw new DiffSyntaxError(line, `the file at line ${line} is marked both new and deleted`);
  }
  if (file.newFileMode !== null && minusName !== undefined && minusName !== null) {
    throw new DiffSyntaxError(
      line,
      `the file at line ${line} is marked new but its "---" line is not /dev/null`,
    );
  }
  if (file.deletedFileMode !== null && plusName !== undefined && plusName !== null) {
    throw new DiffSyntaxError(
      line,
      `the file at line ${line} is marked deleted but its "+++" line is not /dev/null`,
    );
  }
  const agree = (a: string | null | undefined, b: string | null | undefined) =>
    a === undefined || b === undefined || a === null || b === null || a === b;
  if (
    !agree(minusName, oldPath) ||
    !agree(plusName, newPath) ||
    !agree(headerNames?.[0], oldPath ?? newPath) ||
    !agree(headerNames?.[1], newPath ?? oldPath)
  ) {
    throw new DiffSyntaxError(line, `the headers of the file at line ${line} name different paths`);
  }
  if (oldPath === null && newPath === null) {
    throw new DiffSyntaxError(
      line,
      `the file at line ${line} has no path on either side (both are /dev/null)`,
    );
  }
  if (renameFrom === undefined && oldPath !== null && newPath !== null && oldPath !== newPath) {
    // git would read this as a rename and delete the old file, which no line of the diff says.
    throw new DiffSyntaxError(
      line,
      `the file at line ${line} goes from ${JSON.stringify(oldPath)} to ${JSON.stringify(newPath)} without "rename from"/"rename to" lines; a rename (which deletes ${JSON.stringify(oldPath)}) must be declared`,
      'undeclared_rename',
    );
  }
  file.oldPath = oldPath;
  file.newPath = newPath;
  if (ext['rename from'] !== undefined) file.operation = 'rename';
  else if (ext['copy from'] !== undefined) file.operation = 'copy';
  else if (oldPath === null) file.operation = 'add';
  else if (newPath === null) file.operation = 'delete';
}

/** Old lines a hunk covers, 0-based and half open; an insertion covers none, just after `oldStart`. */
function oldRange(hunk: Hunk): [number, number] {
  const from = hunk.oldCount > 0 ? hunk.oldStart - 1 : hunk.oldStart;
  return [from, from + hunk.oldCount];
}

/**
 * Checks the hunks can only mean one thing — in order, not overlapping, a new file all additions, a deleted
 * file all removals, "no newline" only at the end — and sets each `newStart` from the hunks before it, so the
 * new line numbers every view shows are where the lines land.
 */
function placeHunks(file: FilePatch): void {
  let shift = 0;
  let previous: [number, number] | null = null;
  file.hunks.forEach((hunk, index) => {
    const [from, to] = oldRange(hunk);
    if (
      previous !== null &&
      (from < previous[1] || (from === previous[1] && (from === to || previous[0] === previous[1])))
    ) {
      throw new DiffSyntaxError(
        hunk.line,
        `the hunk at line ${hunk.line} starts at old line ${hunk.oldStart}, inside or before the hunk above it; hunks must be in order and must not overlap`,
      );
    }
    if (index < file.hunks.length - 1 && hunk.lines.some((line) => line.noNewline)) {
      throw new DiffSyntaxError(
        hunk.line,
        `the hunk at line ${hunk.line} says "No newline at end of file" but another hunk follows it`,
      );
    }
    const newStart = hunk.newCount > 0 ? from + shift + 1 : from + shift;
    if (newStart !== hunk.newStart && hunk.stated === null) {
      hunk.stated = `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@${hunk.section}`;
    }
    hunk.newStart = newStart;
    shift += hunk.newCount - hunk.oldCount;
    previous = [from, to];
  });
  const only = (kind: 'add' | 'remove') => file.hunks.every((h) => h.lines.every((l) => l.kind === kind));
  if (
    file.operation === 'add' &&
    !(only('add') && file.hunks.length <= 1 && (file.hunks[0]?.oldStart ?? 0) === 0)
  ) {
    throw new DiffSyntaxError(
      file.line,
      `the new file at line ${file.line} must be one hunk of added lines starting "@@ -0,0"`,
    );
  }
  if (
    file.operation === 'delete' &&
    !(only('remove') && file.hunks.length <= 1 && (file.hunks[0]?.oldStart ?? 1) === 1)
  ) {
    throw new DiffSyntaxError(
      file.line,
      `the deleted file at line ${file.line} must be one hunk removing every line from line 1`,
    );
  }
}
