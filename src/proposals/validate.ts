import { hashRepoFile, inspectRepoPath, type RepoPathState } from './checks/disk.js';
import {
  checkFileCount,
  checkHiddenText,
  checkModes,
  checkPaths,
  checkRawPatch,
  checkSecrets,
  checkSymlinks,
  listPatchPaths,
} from './checks/patch-checks.js';
import { findSyntaxProblem } from './checks/path-rules.js';
import { checkExistingSizes, checkFreshness, checkResultSizes, checkSkills } from './checks/result-checks.js';
import { type CheckId, failCheck, passCheck, skipCheck } from './checks/results.js';
import { type FilePatch, parseDiff } from './diff-parse.js';
import { formatCanonicalDiff } from './diff-serialize.js';
import type { ProposalMeta, ProposalOptions, ValidationCheck, ValidationResult } from './meta.js';
import { stagePatch } from './stage.js';

export interface DetailedValidation {
  result: ValidationResult;
  files: FilePatch[];
  /** The patch as git will apply it; null unless every check passed. */
  canonical: string | null;
  /** Every touched file's content after the patch (null: removed); null unless every check passed. */
  staged: Map<string, Buffer | null> | null;
}

const LATER_CHECKS: CheckId[] = [
  'parse',
  'path_syntax',
  'path_charset',
  'path_case',
  'path_denylist',
  'path_allowed',
  'no_symlinks',
  'file_modes',
  'limits_files',
  'no_secrets',
  'no_hidden_text',
  'applies',
  'limits_file_size',
  'skill_frontmatter',
];

function finish(checks: ValidationCheck[], partial: Omit<DetailedValidation, 'result'>): DetailedValidation {
  const stale = checks.some((check) => check.id === 'fresh' && !check.ok);
  const ok = checks.every((check) => check.ok);
  return {
    result: { ok, stale, checked_at: new Date().toISOString(), checks },
    ...partial,
    ...(ok ? {} : { canonical: null, staged: null }),
  };
}

/** The sha256 of every touched file that may be read (null: missing), to tell later whether the tree moved. */
export async function hashTouchedFiles(repoRoot: string, files: FilePatch[]): Promise<ProposalMeta['base']> {
  const paths = listPatchPaths(files).filter((path) => findSyntaxProblem(path) === null);
  return Promise.all(paths.map(async (path) => ({ path, sha256: await hashRepoFile(repoRoot, path) })));
}

/** Runs every check on `diff` against the repository as it is now. Never writes to the repository. */
export async function runValidation(
  repoRoot: string,
  diff: string,
  options: ProposalOptions,
  base?: ProposalMeta['base'],
): Promise<DetailedValidation> {
  const empty = { files: [], canonical: null, staged: null };
  if (diff.trim() === '') {
    return finish(
      [failCheck('has_changes', 'The proposal changes nothing, so there is nothing to apply.')],
      empty,
    );
  }
  const checks = checkRawPatch(diff);
  const fresh = base === undefined ? [] : [await checkFreshness(repoRoot, base)];
  if (!checks[0]!.ok) {
    return finish(
      [...checks, ...LATER_CHECKS.map((id) => skipCheck(id, 'the patch is too large to examine.')), ...fresh],
      empty,
    );
  }
  const parsed = parseDiff(diff);
  if (!parsed.ok) {
    const rest = LATER_CHECKS.slice(1).map((id) => skipCheck(id, 'the diff does not parse.'));
    return finish(
      [
        ...checks,
        failCheck('parse', `The diff does not parse: ${parsed.reason}.`, { line: parsed.line }),
        ...rest,
        ...fresh,
      ],
      empty,
    );
  }
  const files = parsed.files;
  if (files.length === 0) {
    return finish([failCheck('has_changes', 'The diff names no file, so there is nothing to apply.')], empty);
  }
  const recounted = files.flatMap((file) =>
    file.hunks.filter((hunk) => hunk.recounted).map((hunk) => hunk.line),
  );
  checks.push(
    passCheck(
      'parse',
      `${files.length} file${files.length === 1 ? '' : 's'}${recounted.length ? `; line counts recounted in the hunks at line ${recounted.join(', ')}` : ''}.`,
      recounted.length ? { recounted_hunks: recounted } : undefined,
    ),
  );
  const paths = listPatchPaths(files);
  checks.push(...checkPaths(paths, options));
  const states = new Map<string, RepoPathState>();
  for (const path of paths) {
    if (findSyntaxProblem(path) === null) states.set(path, await inspectRepoPath(repoRoot, path));
  }
  checks.push(
    checkSymlinks(files, states),
    checkModes(files, states),
    checkFileCount(files),
    checkSecrets(files),
    checkHiddenText(files),
  );
  if (!checks.every((check) => check.ok)) {
    const reason = 'fix the failed checks above first; nothing was read from the files.';
    checks.push(
      skipCheck('applies', reason),
      skipCheck('limits_file_size', reason),
      skipCheck('skill_frontmatter', reason),
    );
    return finish([...checks, ...fresh], { files, canonical: null, staged: null });
  }
  const oversized = checkExistingSizes(states);
  if (!oversized.ok) {
    const reason = 'a touched file is already over the size limit.';
    checks.push(skipCheck('applies', reason), oversized, skipCheck('skill_frontmatter', reason));
    return finish([...checks, ...fresh], { files, canonical: null, staged: null });
  }
  const canonical = formatCanonicalDiff(files);
  const staged = await stagePatch(repoRoot, files, canonical);
  if (!staged.ok) {
    const reason = 'the patch does not apply.';
    checks.push(
      failCheck('applies', staged.message),
      skipCheck('limits_file_size', reason),
      skipCheck('skill_frontmatter', reason),
    );
    return finish([...checks, ...fresh], { files, canonical: null, staged: null });
  }
  checks.push(passCheck('applies', 'git apply --check passes on the current working tree.'));
  checks.push(checkResultSizes(staged.results), checkSkills(staged.results));
  return finish([...checks, ...fresh], { files, canonical, staged: staged.results });
}

export async function validateDiff(
  repoRoot: string,
  diff: string,
  options: ProposalOptions,
  base?: ProposalMeta['base'],
): Promise<ValidationResult> {
  return (await runValidation(repoRoot, diff, options, base)).result;
}
