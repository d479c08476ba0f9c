import { RetroError } from '../../errors.js';
import {
  type FileWrite,
  findSyntaxProblem,
  PATCH_LIMITS,
  RestoreFailed,
  readRepoFile,
  sha256,
  writeAtomically,
} from '../../patch/index.js';
import type { ProposalMeta } from '../../proposals/meta.js';
import type { ProposalPlace } from '../../proposals/place.js';
import { readStateFile, removeStateFile, saveProposal } from '../../proposals/state.js';
import { requireConfirmation, type WriteHooks, withLockedProposal } from './apply.js';
import { journalFor } from './journal.js';
import { decodeUndo, UNDO_FILE } from './undo.js';

async function refuse(
  place: ProposalPlace,
  meta: ProposalMeta,
  diff: string,
  error: RetroError,
): Promise<never> {
  const at = new Date().toISOString();
  await saveProposal(
    place,
    {
      ...meta,
      audit: [
        ...meta.audit,
        { at, action: 'revert_refused', detail: { code: error.code, message: error.message } },
      ],
    },
    diff,
  );
  throw error;
}

/**
 * Undoes an applied proposal by content: every changed file must still be exactly as the apply left it
 * (its hash from the record), then the bytes the apply replaced — kept in the state folder, never taken from
 * the repo — are written back, all files or none, audited. proposal.diff plays no part.
 */
export async function revertProposal(
  place: ProposalPlace,
  proposalId: string,
  options: { confirm: boolean },
  hooks: WriteHooks = {},
): Promise<{ reverted: true; files_changed: string[] }> {
  requireConfirmation(options, 'Reverting a proposal');
  return withLockedProposal(place, proposalId, async ({ meta, diff }) => {
    if (meta.status !== 'applied' || !meta.files_changed) {
      throw new RetroError(
        'not_applied',
        `Proposal ${proposalId} is ${meta.status}, not applied; there is nothing to revert.`,
        {
          status: 409,
        },
      );
    }
    const applied = meta.files_changed;
    const undoText = await readStateFile(place, proposalId, UNDO_FILE);
    const undo = undoText === null ? null : decodeUndo(undoText);
    const byPath = new Map((undo ?? []).map((file) => [file.path, file]));
    if (
      undo === null ||
      applied.some((file) => !byPath.has(file.path) || findSyntaxProblem(file.path) !== null)
    ) {
      return refuse(
        place,
        meta,
        diff,
        new RetroError(
          'revert_refused',
          'Cannot revert: codex-retro has no record of the bytes this apply replaced; restore the files by hand (git checkout).',
          { status: 422 },
        ),
      );
    }
    const writes: FileWrite[] = [];
    const moved: string[] = [];
    for (const file of applied) {
      const read = await readRepoFile(place.repoRoot, file.path, PATCH_LIMITS.maxFileBytes);
      const now = read.kind === 'file' ? read.bytes : null;
      const current = read.kind === 'file' ? sha256(read.bytes) : read.kind === 'missing' ? null : 'unsafe';
      if (current !== file.after_sha256) {
        moved.push(file.path);
        continue;
      }
      const saved = byPath.get(file.path)!;
      writes.push({ path: file.path, before: now, after: saved.before, mode: saved.mode });
    }
    if (moved.length > 0) {
      return refuse(
        place,
        meta,
        diff,
        new RetroError(
          'files_changed_since_apply',
          `${moved.join(', ')} changed since the proposal was applied; revert those edits by hand or keep the proposal applied.`,
          { status: 409, details: { changed: moved } },
        ),
      );
    }
    try {
      await writeAtomically(place.repoRoot, writes, journalFor(place, proposalId, 'revert', hooks.afterEach));
    } catch (error) {
      const kept =
        error instanceof RestoreFailed ? ' (the backup is kept and restored by the next attempt)' : '';
      return refuse(
        place,
        meta,
        diff,
        new RetroError(
          'revert_failed',
          `Reverting failed and every file was restored${kept}: ${(error as Error).message}`,
          { status: 500 },
        ),
      );
    }
    const at = new Date().toISOString();
    const revertChanges = applied.map((file) => ({
      path: file.path,
      before_sha256: file.after_sha256,
      after_sha256: file.before_sha256,
    }));
    await saveProposal(
      place,
      {
        ...meta,
        status: 'reverted',
        reverted_at: at,
        revert_files_changed: revertChanges,
        audit: [...meta.audit, { at, action: 'reverted', detail: { files_changed: revertChanges } }],
      },
      diff,
    );
    await removeStateFile(place, proposalId, UNDO_FILE);
    return { reverted: true as const, files_changed: applied.map((file) => file.path) };
  });
}
