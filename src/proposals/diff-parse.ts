import { DiffSyntaxError, type Hunk, parseHunk } from './diff-hunks.js';

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

const DEV_NULL = '/dev/null';
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

/** Decodes git's C-style quoting (`"a/\303\251"`), returning the text and where the quote ended. */
function unquote(text: string): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  let i = 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      const octal = /^[0-7]{3}/.exec(text.slice(i + 1));
      if (octal) {
        bytes.push(Number.parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const code = escapes[next];
      if (code === undefined) return undefined;
      bytes.push(code);
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(ch, 'utf8'));
    i++;
  }
  return undefined;
}

/** The name on a `---` / `+++` line: quoted, or up to a tab (where a timestamp may follow). */
function readFileLineName(rest: string, line: number): string {
  if (rest.startsWith('"')) {
    const quoted = unquote(rest);
    if (!quoted)
      throw new DiffSyntaxError(line, `the quoted path at line ${line} is not closed or badly escaped`);
    return quoted.value;
  }
  const tab = rest.indexOf('\t');
  return tab === -1 ? rest : rest.slice(0, tab);
}

/** The two names of `diff --git a/X b/Y`, or undefined when they cannot be told apart. */
function readGitHeaderNames(rest: string, line: number): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = unquote(rest);
    if (!first || rest[first.end] !== ' ')
      throw new DiffSyntaxError(line, `bad quoting in the header at line ${line}`);
    const tail = rest.slice(first.end + 1);
    const second = tail.startsWith('"') ? unquote(tail)?.value : tail;
    if (second === undefined) throw new DiffSyntaxError(line, `bad quoting in the header at line ${line}`);
    return [first.value, second];
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(0, half).slice(2) === rest.slice(half + 3)) {
    return [rest.slice(0, half), rest.slice(half + 1)];
  }
  if (rest.includes(' "')) {
    const at = rest.indexOf(' "');
    const second = unquote(rest.slice(at + 1));
    if (second) return [rest.slice(0, at), second.value];
  }
  const parts = rest.split(' ');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
}

/** Removes the `a/` and `b/` prefixes when every name carries them; names without any are kept as written. */
function stripPrefixes(
  oldName: string | null,
  newName: string | null,
  line: number,
): [string | null, string | null] {
  const named = [oldName, newName].filter((name) => name !== null);
  const prefixed =
    (oldName === null || oldName.startsWith('a/')) && (newName === null || newName.startsWith('b/'));
  if (prefixed) return [oldName?.slice(2) ?? null, newName?.slice(2) ?? null];
  if (named.every((name) => !name.startsWith('a/') && !name.startsWith('b/'))) return [oldName, newName];
  throw new DiffSyntaxError(
    line,
    `the paths at line ${line} mix the a/ b/ prefixes with names that have none`,
  );
}

function nameOrNull(name: string): string | null {
  return name === DEV_NULL ? null : name;
}

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
      `the change to ${file.newPath ?? file.oldPath} at line ${file.line} has no hunks`,
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
          `${path} appears in more than one file section (line ${file.line})`,
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
          `line ${i + 1} is not part of a unified diff: "${line.slice(0, 60)}"`,
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
