import { RetroError } from '../errors.js';
import { type ApplyRunner, gitRunner, requireConfirmation, withLockedProposal } from './apply.js';
import { backupFiles, hashCurrent, restoreBackup } from './backup.js';
import { inspectRepoPath } from './checks/disk.js';
import { checkPaths, listPatchPaths } from './checks/patch-checks.js';
import { findSyntaxProblem } from './checks/path-rules.js';
import { parseDiff } from './diff-parse.js';
import { formatCanonicalDiff } from './diff-serialize.js';
import { gitApply, summarizeGitError } from './git.js';
import { clearBackup, persistBackup } from './interrupted.js';
import type { ProposalMeta } from './meta.js';
import { readDiff, writeMeta } from './store.js';

type FileChange = NonNullable<ProposalMeta['files_changed']>[number];

async function refuse(repoRoot: string, meta: ProposalMeta, error: RetroError): Promise<never> {
  const at = new Date().toISOString();
  await writeMeta(repoRoot, {
    ...meta,
    audit: [
      ...meta.audit,
      { at, action: 'revert_refused', detail: { code: error.code, message: error.message } },
    ],
  });
  throw error;
}

/**
 * The stored diff as git will reverse it. proposal.diff lives in the repository and could have been edited
 * since it was applied, so its paths are checked again and must be exactly the files that were changed.
 */
async function prepareReverse(
  repoRoot: string,
  meta: ProposalMeta,
  diff: string,
): Promise<string | string[]> {
  const parsed = parseDiff(diff);
  if (!parsed.ok) return [`proposal.diff no longer parses: ${parsed.reason}`];
  const paths = listPatchPaths(parsed.files);
  const problems = checkPaths(paths, meta.options)
    .filter((check) => !check.ok)
    .map((check) => check.message);
  const changed = new Set((meta.files_changed ?? []).map((file) => file.path));
  if (paths.length !== changed.size || paths.some((path) => !changed.has(path))) {
    problems.push('proposal.diff no longer names the files that were applied');
  }
  for (const path of paths) {
    if (findSyntaxProblem(path) !== null) continue;
    const state = await inspectRepoPath(repoRoot, path);
    if (state.kind === 'symlink' || state.kind === 'not_regular')
      problems.push(`${state.at} is no longer a plain file`);
  }
  return problems.length > 0 ? problems : formatCanonicalDiff(parsed.files);
}

/**
 * Undoes an applied proposal with `git apply -R`, under the same rules as apply: confirmation, locks, all
 * files or none, audited. Refused when any applied file changed since (its hash differs from after apply).
 */
export async function revertProposal(
  repoRoot: string,
  proposalId: string,
  options: { confirm: boolean },
  runner: ApplyRunner = gitRunner,
): Promise<{ reverted: true; files_changed: string[] }> {
  requireConfirmation(options, 'Reverting a proposal');
  return withLockedProposal(repoRoot, proposalId, async (meta) => {
    if (meta.status !== 'applied' || !meta.files_changed) {
      throw new RetroError(
        'not_applied',
        `Proposal ${proposalId} is ${meta.status}, not applied; there is nothing to revert.`,
        {
          status: 409,
        },
      );
    }
    const applied: FileChange[] = meta.files_changed;
    const paths = applied.map((file) => file.path);
    const reverse = await prepareReverse(repoRoot, meta, await readDiff(repoRoot, proposalId));
    if (Array.isArray(reverse)) {
      return refuse(
        repoRoot,
        meta,
        new RetroError('revert_refused', `Cannot revert safely: ${reverse.join('; ')}.`, { status: 422 }),
      );
    }
    const now = await hashCurrent(repoRoot, paths);
    const moved = applied.filter((file) => now.get(file.path) !== file.after_sha256).map((file) => file.path);
    if (moved.length > 0) {
      return refuse(
        repoRoot,
        meta,
        new RetroError(
          'files_changed_since_apply',
          `${moved.join(', ')} changed since the proposal was applied; revert those edits by hand or keep the proposal applied.`,
          { status: 409, details: { changed: moved } },
        ),
      );
    }
    const check = await gitApply(repoRoot, reverse, { check: true, reverse: true });
    if (check.code !== 0) {
      return refuse(
        repoRoot,
        meta,
        new RetroError(
          'revert_conflict',
          `The proposal cannot be reversed cleanly: ${summarizeGitError(check)}`,
          {
            status: 409,
          },
        ),
      );
    }
    const backup = await backupFiles(repoRoot, paths);
    await persistBackup(repoRoot, proposalId, 'revert', backup);
    const result = await runner.apply(repoRoot, reverse, true);
    const after = await hashCurrent(repoRoot, paths);
    const wrong = applied.find((file) => after.get(file.path) !== file.before_sha256);
    if (result.code !== 0 || wrong) {
      await restoreBackup(repoRoot, backup);
      await clearBackup(repoRoot, proposalId);
      const reason =
        result.code !== 0 ? summarizeGitError(result) : `${wrong!.path} did not return to its earlier bytes`;
      return refuse(
        repoRoot,
        meta,
        new RetroError('revert_failed', `Reverting failed and every file was restored: ${reason}`, {
          status: 500,
        }),
      );
    }
    const at = new Date().toISOString();
    const revertChanges = applied.map((file) => ({
      path: file.path,
      before_sha256: file.after_sha256,
      after_sha256: file.before_sha256,
    }));
    await writeMeta(repoRoot, {
      ...meta,
      status: 'reverted',
      reverted_at: at,
      revert_files_changed: revertChanges,
      audit: [...meta.audit, { at, action: 'reverted', detail: { files_changed: revertChanges } }],
    });
    await clearBackup(repoRoot, proposalId);
    return { reverted: true as const, files_changed: paths };
  });
}
