import { join } from 'node:path';
import { RetroError } from '../errors.js';
import { withLock } from './lock.js';
import { proposalsRoot } from './store.js';

const REPO_LOCK_WAIT_MS = 10_000;

/** One apply or revert at a time per repository, so two proposals never interleave their writes. */
export function withRepoLock<T>(repoRoot: string, fn: () => Promise<T>): Promise<T> {
  return withLock(
    join(proposalsRoot(repoRoot), '.apply.lock'),
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
