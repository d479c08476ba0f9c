import { RetroError } from '../../errors.js';
import { isSkipped, RestoreFailed, restoreBackup, sha256, writeAtomically } from '../../patch/index.js';
import { withProposalLock, withRepoLock } from '../../proposals/locks.js';
import type { ProposalMeta } from '../../proposals/meta.js';
import type { ProposalPlace } from '../../proposals/place.js';
import { requireRecorded, summarizeValidation, validateProposalDiff } from '../../proposals/records.js';
import { type LoadedProposal, saveProposal, writeStateFile } from '../../proposals/state.js';
import { journalFor, recoverInterrupted } from './journal.js';
import { encodeUndo, UNDO_FILE } from './undo.js';

/** A test seam: runs after each file is in place, so a test can fail, tamper or die between two files. */
export interface WriteHooks {
  afterEach?(path: string): Promise<void> | void;
}

/**
 * Runs `action` on the recorded proposal, holding its lock and the repository's, after finishing any apply
 * or revert an earlier stop interrupted. A proposal folder that codex-retro has no record of is refused here.
 */
export async function withLockedProposal<T>(
  place: ProposalPlace,
  proposalId: string,
  action: (loaded: LoadedProposal) => Promise<T>,
): Promise<T> {
  await requireRecorded(place, proposalId);
  return withProposalLock(place, proposalId, 0, () =>
    withRepoLock(place, async () => {
      const loaded = await requireRecorded(place, proposalId);
      const meta = await recoverInterrupted(place, loaded.meta, loaded.diff);
      return action({ ...loaded, meta });
    }),
  );
}

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
 * `confirm`, only when a fresh validation passes, by content: the bytes the checks passed are the bytes
 * written, all files or none, audited in the record (and its meta.json mirror).
 */
export async function applyProposal(
  place: ProposalPlace,
  proposalId: string,
  options: { confirm: boolean },
  hooks: WriteHooks = {},
): Promise<{ applied: true; files_changed: string[] }> {
  requireConfirmation(options, 'Applying a proposal');
  return withLockedProposal(place, proposalId, async ({ meta, diff, problems }) => {
    refuseStatus(meta);
    const { result: validation, verdict } = await validateProposalDiff(
      place,
      { trusted: true, problems },
      diff,
      meta.options,
      meta.base,
    );
    const validated: ProposalMeta = {
      ...meta,
      validation,
      audit: [
        ...meta.audit,
        {
          at: validation.checked_at,
          action: 'validated',
          detail: { ...summarizeValidation(validation), ...(problems.length ? { ignored: problems } : {}) },
        },
      ],
    };
    // A check that could not run because of another is not a second reason; the count names real failures.
    const failed = validation.checks.filter((check) => !check.ok && !isSkipped(check));
    if (!validation.ok || verdict.writes === null) {
      const at = new Date().toISOString();
      await saveProposal(
        place,
        {
          ...validated,
          audit: [
            ...validated.audit,
            { at, action: 'apply_refused', detail: summarizeValidation(validation) },
          ],
        },
        diff,
      );
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
    const writes = verdict.writes;
    try {
      await writeAtomically(place.repoRoot, writes, journalFor(place, proposalId, 'apply', hooks.afterEach));
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      const at = new Date().toISOString();
      await saveProposal(
        place,
        {
          ...validated,
          audit: [
            ...validated.audit,
            { at, action: 'apply_refused', detail: { reason: 'apply_failed', message: problem } },
          ],
        },
        diff,
      );
      if (error instanceof RestoreFailed) {
        throw new RetroError(
          'apply_failed',
          `Applying failed and not every file could be put back (${problem}); the backup is kept and is restored by the next apply or revert of ${proposalId}.`,
          { status: 500 },
        );
      }
      throw new RetroError('apply_failed', `Applying failed and every file was restored: ${problem}`, {
        status: 500,
      });
    }
    await writeStateFile(place, proposalId, UNDO_FILE, encodeUndo(writes));
    const at = new Date().toISOString();
    const filesChanged = writes.map((write) => ({
      path: write.path,
      before_sha256: write.before === null ? null : sha256(write.before),
      after_sha256: write.after === null ? null : sha256(write.after),
    }));
    // Applied again after a revert: the record says what is true now; the audit keeps the earlier revert.
    const { reverted_at: _revertedAt, revert_files_changed: _reverted, ...current } = validated;
    const applied: ProposalMeta = {
      ...current,
      status: 'applied',
      applied_at: at,
      files_changed: filesChanged,
      audit: [...validated.audit, { at, action: 'applied', detail: { files_changed: filesChanged } }],
    };
    try {
      await saveProposal(place, applied, diff);
    } catch (error) {
      // Unrecorded, the change could never be reverted: it is undone.
      await restoreBackup(place.repoRoot, {
        files: writes.map((write) => ({ path: write.path, bytes: write.before, mode: write.mode })),
        createdDirs: [],
        temps: [],
      });
      throw error;
    }
    return { applied: true as const, files_changed: writes.map((write) => write.path) };
  });
}
