import { RetroError } from '../errors.js';
import { backupFiles, hashBackup, hashCurrent, restoreBackup } from './backup.js';
import { sha256 } from './checks/disk.js';
import { type GitResult, gitApply, summarizeGitError } from './git.js';
import { clearBackup, persistBackup, recoverInterrupted } from './interrupted.js';
import type { ProposalMeta } from './meta.js';
import { summarizeValidation, withProposalLock } from './proposals.js';
import { withRepoLock } from './repo-lock.js';
import { readDiff, requireMeta, writeMeta } from './store.js';
import { runValidation } from './validate.js';

/**
 * Runs `action` on the proposal as it is on disk, holding the proposal's lock and the repository's, after
 * finishing any apply or revert an earlier stop interrupted.
 */
export async function withLockedProposal<T>(
  repoRoot: string,
  proposalId: string,
  action: (meta: ProposalMeta) => Promise<T>,
): Promise<T> {
  await requireMeta(repoRoot, proposalId);
  return withProposalLock(repoRoot, proposalId, 0, () =>
    withRepoLock(repoRoot, async () =>
      action(await recoverInterrupted(repoRoot, await requireMeta(repoRoot, proposalId))),
    ),
  );
}

/** How git is run on the working tree; replaceable so tests can make a write fail halfway. */
export interface ApplyRunner {
  apply(repoRoot: string, patch: string, reverse: boolean): Promise<GitResult>;
}

export const gitRunner: ApplyRunner = {
  apply: (repoRoot, patch, reverse) => gitApply(repoRoot, patch, { reverse }),
};

export function requireConfirmation(options: { confirm: boolean }, verb: string): void {
  if (options.confirm !== true) {
    throw new RetroError(
      'confirmation_required',
      `${verb} changes files in your repository; confirm it explicitly ({ "confirm": true }, or --yes).`,
      { status: 400 },
    );
  }
}

function refuseStatus(meta: ProposalMeta): void {
  const id = meta.proposal_id;
  const refusals: Partial<Record<ProposalMeta['status'], [string, string, number]>> = {
    applied: ['already_applied', `Proposal ${id} is already applied (at ${meta.applied_at ?? '?'}).`, 409],
    generating: [
      'proposal_not_ready',
      `Proposal ${id} is still being generated; wait for its job to finish.`,
      409,
    ],
    failed: [
      'proposal_failed',
      `Proposal ${id} failed to generate (${meta.error?.message ?? 'no diff'}); generate it again.`,
      409,
    ],
    no_change: ['nothing_to_apply', `Proposal ${id} changes nothing, so there is nothing to apply.`, 422],
  };
  const refusal = refusals[meta.status];
  if (refusal) throw new RetroError(refusal[0], refusal[1], { status: refusal[2] });
}

/**
 * Workflow C: applies an approved proposal to the working tree (no index change, no commit). Only with
 * `confirm`, only when a fresh validation passes, all files or none, and audited in meta.json.
 */
export async function applyProposal(
  repoRoot: string,
  proposalId: string,
  options: { confirm: boolean },
  runner: ApplyRunner = gitRunner,
): Promise<{ applied: true; files_changed: string[] }> {
  requireConfirmation(options, 'Applying a proposal');
  return withLockedProposal(repoRoot, proposalId, async (meta) => {
    refuseStatus(meta);
    const checked = await runValidation(
      repoRoot,
      await readDiff(repoRoot, proposalId),
      meta.options,
      meta.base,
    );
    const validation = checked.result;
    const validated = {
      ...meta,
      validation,
      audit: [
        ...meta.audit,
        {
          at: validation.checked_at,
          action: 'validated' as const,
          detail: summarizeValidation(validation),
        },
      ],
    };
    const failed = validation.checks.filter((check) => !check.ok);
    if (!validation.ok || checked.canonical === null || checked.staged === null) {
      const at = new Date().toISOString();
      await writeMeta(repoRoot, {
        ...validated,
        audit: [...validated.audit, { at, action: 'apply_refused', detail: summarizeValidation(validation) }],
      });
      if (validation.stale) {
        const fresh = failed.find((check) => check.id === 'fresh');
        throw new RetroError(
          'proposal_stale',
          fresh?.message ?? 'The repository changed: regenerate the proposal.',
          {
            status: 409,
            details: { checks: failed },
          },
        );
      }
      throw new RetroError(
        'validation_failed',
        `The proposal failed ${failed.length} check${failed.length === 1 ? '' : 's'}: ${failed[0]?.message ?? ''}`,
        { status: 422, details: { checks: failed } },
      );
    }
    const expected = checked.staged;
    const paths = [...expected.keys()];
    const backup = await backupFiles(repoRoot, paths);
    await persistBackup(repoRoot, proposalId, 'apply', backup);
    const problem = await writeAndVerify(repoRoot, runner, checked.canonical, expected);
    if (problem !== null) {
      await restoreBackup(repoRoot, backup);
      await clearBackup(repoRoot, proposalId);
      const at = new Date().toISOString();
      await writeMeta(repoRoot, {
        ...validated,
        audit: [
          ...validated.audit,
          { at, action: 'apply_refused', detail: { reason: 'apply_failed', message: problem } },
        ],
      });
      throw new RetroError('apply_failed', `Applying failed and every file was restored: ${problem}`, {
        status: 500,
      });
    }
    const at = new Date().toISOString();
    const filesChanged = paths.map((path) => {
      const after = expected.get(path);
      return { path, before_sha256: hashBackup(backup, path), after_sha256: after ? sha256(after) : null };
    });
    try {
      await writeMeta(repoRoot, {
        ...validated,
        status: 'applied',
        applied_at: at,
        files_changed: filesChanged,
        audit: [...validated.audit, { at, action: 'applied', detail: { files_changed: filesChanged } }],
      });
    } catch (error) {
      await restoreBackup(repoRoot, backup);
      await clearBackup(repoRoot, proposalId);
      throw error;
    }
    await clearBackup(repoRoot, proposalId);
    return { applied: true as const, files_changed: paths };
  });
}

/** Runs git on the working tree and checks every file ended up exactly as validated; null when it did. */
async function writeAndVerify(
  repoRoot: string,
  runner: ApplyRunner,
  patch: string,
  expected: Map<string, Buffer | null>,
): Promise<string | null> {
  const result = await runner.apply(repoRoot, patch, false);
  if (result.code !== 0) return `git apply failed: ${summarizeGitError(result)}`;
  const current = await hashCurrent(repoRoot, [...expected.keys()]);
  for (const [path, bytes] of expected) {
    const want = bytes === null ? null : sha256(bytes);
    if (current.get(path) !== want) return `${path} did not come out as validated`;
  }
  return null;
}
