import { describeChar, findHiddenChar } from '../../hidden-text.js';
import { redactText } from '../../redact/index.js';
import type { FilePatch } from '../diff-parse.js';
import { formatBytes, PROPOSAL_LIMITS } from '../limits.js';
import type { ProposalOptions, ValidationCheck } from '../meta.js';
import type { RepoPathState } from './disk.js';
import {
  findAllowProblem,
  findCaseProblem,
  findCharsetProblem,
  findDenylistMatch,
  findSyntaxProblem,
  quotePath,
} from './path-rules.js';
import { collectCheck, failCheck, passCheck } from './results.js';

/** Every path a patch names: sources and targets of each file, each once. */
export function listPatchPaths(files: FilePatch[]): string[] {
  const paths = new Set<string>();
  for (const file of files) {
    if (file.oldPath !== null) paths.add(file.oldPath);
    if (file.newPath !== null) paths.add(file.newPath);
  }
  return [...paths];
}

/** Checks on the raw text, before it is parsed: size and binary content. */
export function checkRawPatch(diff: string): ValidationCheck[] {
  const bytes = Buffer.byteLength(diff, 'utf8');
  const size =
    bytes > PROPOSAL_LIMITS.maxPatchBytes
      ? failCheck(
          'limits_patch_size',
          `The patch is ${formatBytes(bytes)}, over the ${formatBytes(PROPOSAL_LIMITS.maxPatchBytes)} limit; ask for a smaller change.`,
          { bytes, limit: PROPOSAL_LIMITS.maxPatchBytes },
        )
      : passCheck(
          'limits_patch_size',
          `${formatBytes(bytes)} of ${formatBytes(PROPOSAL_LIMITS.maxPatchBytes)}.`,
        );
  const lines = diff.split('\n');
  const nul = diff.indexOf('\u0000');
  const binaryLine = lines.findIndex(
    (line) => line.startsWith('GIT binary patch') || /^Binary files .* differ$/.test(line),
  );
  let binary = passCheck('no_binary', 'The patch is text only.');
  if (nul !== -1) {
    const line = diff.slice(0, nul).split('\n').length;
    binary = failCheck(
      'no_binary',
      `The patch contains a NUL byte (line ${line}); binary content is never applied.`,
    );
  } else if (binaryLine !== -1) {
    binary = failCheck(
      'no_binary',
      `Line ${binaryLine + 1} is a binary patch; binary files are never applied.`,
    );
  }
  return [size, binary];
}

/** The five path checks; every path is judged as text, nothing on disk is read. */
export function checkPaths(paths: string[], options: ProposalOptions): ValidationCheck[] {
  const run = (rule: (path: string) => string | null) =>
    paths.flatMap((path) => {
      const problem = rule(path);
      return problem === null ? [] : [{ path, problem }];
    });
  const count = `${paths.length} path${paths.length === 1 ? '' : 's'}`;
  return [
    collectCheck('path_syntax', run(findSyntaxProblem), `${count}, all relative and inside the repository.`),
    collectCheck('path_charset', run(findCharsetProblem), `${count}, all plain ASCII.`),
    collectCheck('path_case', run(findCaseProblem), 'No name imitates a protected one.'),
    collectCheck('path_denylist', run(findDenylistMatch), 'No denied file is touched.'),
    collectCheck(
      'path_allowed',
      run((path) => findAllowProblem(path, options)),
      'Every path is allowed.',
    ),
  ];
}

/** Symlinks on disk on the way to a path, or created by the patch (mode 120000). */
export function checkSymlinks(files: FilePatch[], states: Map<string, RepoPathState>): ValidationCheck {
  const problems: { path: string; problem: string }[] = [];
  for (const file of files) {
    const path = file.newPath ?? file.oldPath!;
    if (file.newFileMode === '120000' || file.newMode === '120000') {
      problems.push({ path, problem: `${quotePath(path)} would be created as a symlink (mode 120000)` });
    }
  }
  for (const [path, state] of states) {
    if (state.kind === 'symlink') {
      problems.push({
        path,
        problem: `${quotePath(state.at)} on the way to ${quotePath(path)} is a symlink in the repository`,
      });
    } else if (state.kind === 'not_regular') {
      problems.push({
        path,
        problem: `${quotePath(state.at)} on the way to ${quotePath(path)} is not a plain folder or file`,
      });
    }
  }
  return collectCheck('no_symlinks', problems, 'No symlink is followed or created.');
}

/** No mode changes, nothing but 100644 for a new file, and no executable file edited. */
export function checkModes(files: FilePatch[], states: Map<string, RepoPathState>): ValidationCheck {
  const problems: { path: string; problem: string }[] = [];
  for (const file of files) {
    const path = file.newPath ?? file.oldPath!;
    if (file.oldMode !== null || file.newMode !== null) {
      problems.push({
        path,
        problem: `${quotePath(path)} changes mode (${file.oldMode ?? '?'} → ${file.newMode ?? '?'})`,
      });
    }
    if (file.newFileMode !== null && file.newFileMode !== '100644' && file.newFileMode !== '120000') {
      problems.push({
        path,
        problem: `${quotePath(path)} would be created with mode ${file.newFileMode}; only 100644 is allowed`,
      });
    }
    const source = file.oldPath === null ? undefined : states.get(file.oldPath);
    if (file.kind !== 'delete' && source?.kind === 'file' && source.executable) {
      problems.push({
        path,
        problem: `${quotePath(file.oldPath!)} is an executable file; a proposal may not edit it`,
      });
    }
  }
  return collectCheck('file_modes', problems, 'Only plain files (mode 100644).');
}

export function checkFileCount(files: FilePatch[]): ValidationCheck {
  const max = PROPOSAL_LIMITS.maxFiles;
  return files.length > max
    ? failCheck(
        'limits_files',
        `The patch touches ${files.length} files, more than ${max}; ask for a smaller change.`,
        {
          files: files.length,
          limit: max,
        },
      )
    : passCheck('limits_files', `${files.length} of at most ${max} files.`);
}

/** What `find` returns for the first added line of `lines` it flags, or null. */
function firstFound(lines: string[], find: (line: string) => string | null): string | null {
  for (const line of lines) {
    if (!line.startsWith('+')) continue;
    const found = find(line);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Per file, the first hunk with an added line that `find` flags (returns what it found), worded by `describe`:
 * one problem per file is enough to refuse it.
 */
function addedLineProblems(
  files: FilePatch[],
  find: (line: string) => string | null,
  describe: (path: string, hunkLine: number, found: string) => string,
): { path: string; problem: string }[] {
  const problems: { path: string; problem: string }[] = [];
  for (const file of files) {
    const path = file.newPath ?? file.oldPath!;
    for (const hunk of file.hunks) {
      const found = firstFound(hunk.lines, find);
      if (found !== null) {
        problems.push({ path, problem: describe(path, hunk.line, found) });
        break;
      }
    }
  }
  return problems;
}

/** Added lines must not carry a credential, nor a credential that was already masked in the stored diff. */
export function checkSecrets(files: FilePatch[]): ValidationCheck {
  const problems = addedLineProblems(
    files,
    (line) => (line.includes('[REDACTED:') || redactText(line) !== line ? line : null),
    (path, hunkLine) =>
      `the hunk at line ${hunkLine} adds a credential-shaped value to ${quotePath(path)} (masked in the stored diff); skills and AGENTS.md must not hold secrets`,
  );
  return collectCheck('no_secrets', problems, 'No added line holds a credential.');
}

/**
 * Added lines must show what they hold: no control character (but tab) and no direction override (see
 * hidden-text.ts). A carriage return ending the line (a CRLF file) is allowed.
 */
export function checkHiddenText(files: FilePatch[]): ValidationCheck {
  const problems = addedLineProblems(
    files,
    (line) => findHiddenChar(line.endsWith('\r') ? line.slice(0, -1) : line),
    (path, hunkLine, hidden) =>
      `the hunk at line ${hunkLine} adds to ${quotePath(path)} a line holding ${describeChar(hidden)}, a control character or direction override that makes text read differently from what it holds`,
  );
  return collectCheck('no_hidden_text', problems, 'Every added line shows what it holds.');
}
