import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RetroError } from '../errors.js';
import { withLock } from './lock.js';
import { type ProposalPlace, proposalStateDir, repoStateDir } from './place.js';

/**
 * Holds the proposal's lock while `fn` reads and rewrites its record, waiting a little for another writer.
 * Locks live in the state folder: a lock file planted in the repo cannot block anything.
 */
export async function withProposalLock<T>(
  place: ProposalPlace,
  proposalId: string,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const dir = await proposalStateDir(place, proposalId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return withLock(
    join(dir, '.lock'),
    {
      waitMs,
      busy: () =>
        new RetroError(
          'apply_in_progress',
          `Proposal ${proposalId} is being applied, reverted or saved right now; wait for that to finish and reload it.`,
          { status: 409 },
        ),
    },
    fn,
  );
}

const REPO_LOCK_WAIT_MS = 10_000;

/** One apply or revert at a time per repository, so two proposals never interleave their writes. */
export async function withRepoLock<T>(place: ProposalPlace, fn: () => Promise<T>): Promise<T> {
  const dir = await repoStateDir(place);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return withLock(
    join(dir, '.apply.lock'),
    {
      waitMs: REPO_LOCK_WAIT_MS,
      busy: () =>
        new RetroError(
          'repo_busy',
          'Another proposal is being applied or reverted in this repository; try again when it has finished.',
          { status: 409 },
        ),
    },
    fn,
  );
}
