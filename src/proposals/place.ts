import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertId } from '../ids.js';

/**
 * Where one repository's proposals live: their mirror in the repo (`.codex-orchestrator/proposals/`, input
 * only) and their record in codex-retro's own state folder, which is what an apply trusts.
 */
export interface ProposalPlace {
  repoRoot: string;
  stateDir: string;
}

/** `REPO/.codex-orchestrator/proposals/<id>`; the id is checked before it touches a path. */
export function proposalDir(repoRoot: string, proposalId: string): string {
  assertId('proposal', proposalId);
  return join(resolve(repoRoot), '.codex-orchestrator', 'proposals', proposalId);
}

/**
 * `STATE/proposals/<key>/`, the key a hash of the repository's real path: one folder per repository, which
 * nothing inside the repository can name or reach.
 */
export async function repoStateDir(place: ProposalPlace): Promise<string> {
  const real = await realpath(place.repoRoot).catch(() => resolve(place.repoRoot));
  const key = createHash('sha256').update(real).digest('hex').slice(0, 32);
  return join(place.stateDir, 'proposals', key);
}

export async function proposalStateDir(place: ProposalPlace, proposalId: string): Promise<string> {
  assertId('proposal', proposalId);
  return join(await repoStateDir(place), proposalId);
}
