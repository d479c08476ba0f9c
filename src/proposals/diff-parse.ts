import { DiffSyntaxError, type Hunk, parseHunk } from './diff-hunks.js';
import { nameOrNull, readFileLineName, readGitHeaderNames, stripPrefixes, unquote } from './diff-names.js';

type FilePatchKind = 'modify' | 'create' | 'delete' | 'rename' | 'copy';

/** One file's part of a unified diff, with paths as written (prefixes a/ b/ removed, quotes decoded). */
export interface FilePatch {
  line: number;
  kind: FilePatchKind;
  /** null for a file the patch creates. */
  oldPath: string | null;
  /** null for a file the patch deletes. */
  newPath: string | null;
  oldMode: string | null;
  newMode: string | null;
  newFileMode: string | null;
  deletedFileMode: string | null;
  binary: boolean;
  hunks: Hunk[];
}

export type ParsedDiff = { ok: true; files: FilePatch[] } | { ok: false; line: number; reason: string };

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

function parseFile(
  lines: string[],
  start: number,
  endsWithNewline: boolean,
): { file: FilePatch; next: number } {
  const file: FilePatch = {
    line: start + 1,
    kind: 'modify',
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
    file.kind === 'rename' ||
    file.kind === 'copy' ||
    file.newFileMode !== null ||
    file.deletedFileMode !== null ||
    file.newMode !== null;
  if (file.hunks.length === 0 && !hasHeaderOnlyChange) {
    throw new DiffSyntaxError(
      file.line,
      `the change to ${JSON.stringify(file.newPath ?? file.oldPath)} at line ${file.line} has no hunks`,
    );
  }
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
  if ((renameFrom === undefined) !== (renameTo === undefined)) {
    throw new DiffSyntaxError(file.line, `the rename or copy at line ${file.line} names only one side`);
  }
  const line = file.line;
  let oldPath = renameFrom ?? (minusName !== undefined ? minusName : (headerNames?.[0] ?? null));
  let newPath = renameTo ?? (plusName !== undefined ? plusName : (headerNames?.[1] ?? null));
  if (file.newFileMode !== null) oldPath = null;
  if (file.deletedFileMode !== null) newPath = null;
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
  file.oldPath = oldPath;
  file.newPath = newPath;
  if (ext['rename from'] !== undefined) file.kind = 'rename';
  else if (ext['copy from'] !== undefined) file.kind = 'copy';
  else if (oldPath === null) file.kind = 'create';
  else if (newPath === null) file.kind = 'delete';
}

/** A Markdown code fence around the whole diff is dropped (models like to add one). */
function dropCodeFence(lines: string[]): string[] {
  const first = lines.findIndex((line) => line.trim() !== '');
  const last = lines.findLastIndex((line) => line.trim() !== '');
  if (first === -1 || first === last) return lines;
  if (/^```[\w-]*$/.test(lines[first]!.trim()) && lines[last]!.trim() === '```') {
    return lines.map((line, index) => (index === first || index === last ? '' : line));
  }
  return lines;
}

/** Each path may appear in one file section only; a second change to it would depend on git's ordering. */
function refuseRepeatedPaths(files: FilePatch[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    const paths = new Set([file.oldPath, file.newPath].filter((path) => path !== null));
    for (const path of paths) {
      if (seen.has(path))
        throw new DiffSyntaxError(
          file.line,
          `${JSON.stringify(path)} appears in more than one file section (line ${file.line})`,
        );
      seen.add(path);
    }
  }
}

/** Parses a unified diff (git's extended headers optional). Never throws; a syntax error is returned. */
export function parseDiff(text: string): ParsedDiff {
  const endsWithNewline = text.endsWith('\n');
  const lines = dropCodeFence(text.split('\n'));
  if (endsWithNewline) lines.pop();
  const files: FilePatch[] = [];
  try {
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line.trim() === '') {
        i++;
      } else if (
        line.startsWith('diff --git ') ||
        (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ '))
      ) {
        const { file, next } = parseFile(lines, i, endsWithNewline);
        files.push(file);
        i = next;
      } else {
        throw new DiffSyntaxError(
          i + 1,
          `line ${i + 1} is not part of a unified diff: ${JSON.stringify(line.slice(0, 60))}`,
        );
      }
    }
    refuseRepeatedPaths(files);
  } catch (error) {
    if (error instanceof DiffSyntaxError) return { ok: false, line: error.line, reason: error.message };
    throw error;
  }
  return { ok: true, files };
}
