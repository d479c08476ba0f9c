import { type Check, failCheck, passCheck, skipCheck } from './checks/check.js';
import { checkHiddenText, checkSecrets, describeAddedLines, describeWritten } from './checks/content.js';
import { type BaseFiles, checkFreshness } from './checks/fresh.js';
import { findSyntaxProblem, type PathPermissions } from './checks/path-rules.js';
import { checkExistingSizes, checkResultSizes } from './checks/sizes.js';
import { checkSkills } from './checks/skills.js';
import { checkFileCount, checkModes, checkPaths, checkRawPatch, checkSymlinks } from './checks/structure.js';
import { computeWrites, type FileWrite } from './compute.js';
import { inspectRepoPath, type RepoPathState } from './disk.js';
import { type FilePatch, listPatchPaths } from './model.js';
import { parsePatch } from './parse.js';

export interface PatchVerdict {
  ok: boolean;
  /** A touched file changed since the patch was made (the `fresh` check failed). */
  stale: boolean;
  checks: Check[];
  /** The parsed patch; null when it does not parse. */
  files: FilePatch[] | null;
  /** Exactly what applying writes, file by file; null unless every check passed. */
  writes: FileWrite[] | null;
}

const AFTER_PARSE = [
  'path_syntax',
  'path_charset',
  'path_case',
  'path_denylist',
  'path_allowed',
  'no_symlinks',
  'file_modes',
  'limits_files',
  'needs_secret',
  'applies',
  'limits_file_size',
  'no_secrets',
  'no_hidden_text',
  'skill_frontmatter',
] as const;

function verdict(checks: Check[], files: FilePatch[] | null, writes: FileWrite[] | null): PatchVerdict {
  const ok = checks.every((check) => check.ok);
  const stale = checks.some((check) => check.id === 'fresh' && !check.ok);
  return { ok, stale, checks, files, writes: ok ? writes : null };
}

/**
 * Every check on a diff against the repository as it is now, and — when all pass — the exact bytes applying
 * it writes. The diff is parsed once; each file's new bytes are computed in memory from that parse and the
 * files on disk, and the content checks read those bytes, not the diff. Never writes anything.
 */
export async function checkPatch(
  repoRoot: string,
  diff: string,
  permissions: PathPermissions,
  base?: BaseFiles,
): Promise<PatchVerdict> {
  if (diff.trim() === '') {
    return verdict(
      [failCheck('has_changes', 'The proposal changes nothing, so there is nothing to apply.')],
      null,
      null,
    );
  }
  const checks = checkRawPatch(diff);
  const fresh = base === undefined ? [] : [await checkFreshness(repoRoot, base)];
  if (!checks[0]!.ok) {
    const skipped = ['parse', ...AFTER_PARSE] as const;
    return verdict(
      [...checks, ...skipped.map((id) => skipCheck(id, 'the patch is too large to examine.')), ...fresh],
      null,
      null,
    );
  }
  const parsed = parsePatch(diff);
  if (!parsed.ok) {
    const rest = AFTER_PARSE.map((id) => skipCheck(id, 'the diff does not parse.'));
    const failed = failCheck(parsed.check, `The diff is refused: ${parsed.reason}.`, { line: parsed.line });
    return verdict([...checks, failed, ...rest, ...fresh], null, null);
  }
  const files = parsed.files;
  if (files.length === 0) {
    return verdict(
      [failCheck('has_changes', 'The diff names no file, so there is nothing to apply.')],
      files,
      null,
    );
  }
  const recounted = files.flatMap((file) =>
    file.hunks.filter((hunk) => hunk.stated !== null).map((hunk) => hunk.line),
  );
  checks.push(
    passCheck(
      'parse',
      `${files.length} file${files.length === 1 ? '' : 's'}${recounted.length ? `; the numbers of the hunks at line ${recounted.join(', ')} did not match their lines and are shown recounted` : ''}.`,
      recounted.length ? { recounted_hunks: recounted } : undefined,
    ),
    passCheck('undeclared_rename', 'Every rename and copy is declared.'),
  );
  const paths = listPatchPaths(files);
  checks.push(...checkPaths(paths, permissions));
  const states = new Map<string, RepoPathState>();
  for (const path of paths) {
    if (findSyntaxProblem(path) === null) states.set(path, await inspectRepoPath(repoRoot, path));
  }
  checks.push(checkSymlinks(files, states), checkModes(files, states), checkFileCount(files));
  const sizes = checkExistingSizes(states);
  if (!checks.every((check) => check.ok) || !sizes.ok) {
    const reason = sizes.ok
      ? 'fix the failed checks above first; no file was read.'
      : 'a touched file is over the size limit, so it is not read.';
    checks.push(skipCheck('needs_secret', reason), skipCheck('applies', reason));
    checks.push(sizes.ok ? skipCheck('limits_file_size', reason) : sizes);
    const added = files.map((file) => describeAddedLines(file.newPath ?? file.oldPath!, file));
    checks.push(checkSecrets(added), checkHiddenText(added), skipCheck('skill_frontmatter', reason));
    return verdict([...checks, ...fresh], files, null);
  }
  const computed = await computeWrites(repoRoot, files, states);
  checks.push(...computed.checks);
  const written = files.map((file) => {
    const path = file.newPath ?? file.oldPath!;
    const segments = computed.segments.get(file);
    if (segments === undefined) return describeAddedLines(path, file);
    return describeWritten(
      path,
      segments,
      file.oldPath === null ? null : (computed.before.get(file.oldPath) ?? null),
    );
  });
  const results = new Map(computed.writes.map((write) => [write.path, write.after]));
  const applied = computed.checks.every((check) => check.ok);
  checks.push(
    applied ? checkResultSizes(results) : skipCheck('limits_file_size', 'the patch does not apply.'),
    checkSecrets(written),
    checkHiddenText(written),
    applied ? checkSkills(results) : skipCheck('skill_frontmatter', 'the patch does not apply.'),
  );
  return verdict([...checks, ...fresh], files, computed.writes);
}
