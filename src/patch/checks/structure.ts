import type { RepoPathState } from '../disk.js';
import { formatBytes, PATCH_LIMITS } from '../limits.js';
import type { FilePatch } from '../model.js';
import { type Check, collectCheck, failCheck, passCheck } from './check.js';
import {
  findAllowProblem,
  findCaseProblem,
  findCharsetProblem,
  findDenylistMatch,
  findSyntaxProblem,
  type PathPermissions,
  quotePath,
} from './path-rules.js';

/** Checks on the raw text, before it is parsed: size and binary content. */
export function checkRawPatch(diff: string): Check[] {
  const bytes = Buffer.byteLength(diff, 'utf8');
  const size =
    bytes > PATCH_LIMITS.maxPatchBytes
      ? failCheck(
          'limits_patch_size',
          `The patch is ${formatBytes(bytes)}, over the ${formatBytes(PATCH_LIMITS.maxPatchBytes)} limit; ask for a smaller change.`,
          { bytes, limit: PATCH_LIMITS.maxPatchBytes },
        )
      : passCheck(
          'limits_patch_size',
          `${formatBytes(bytes)} of ${formatBytes(PATCH_LIMITS.maxPatchBytes)}.`,
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
export function checkPaths(paths: string[], options: PathPermissions): Check[] {
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
export function checkSymlinks(files: FilePatch[], states: Map<string, RepoPathState>): Check {
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
export function checkModes(files: FilePatch[], states: Map<string, RepoPathState>): Check {
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
    if (file.operation !== 'delete' && source?.kind === 'file' && source.executable) {
      problems.push({
        path,
        problem: `${quotePath(file.oldPath!)} is an executable file; a proposal may not edit it`,
      });
    }
  }
  return collectCheck('file_modes', problems, 'Only plain files (mode 100644).');
}

export function checkFileCount(files: FilePatch[]): Check {
  const max = PATCH_LIMITS.maxFiles;
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
