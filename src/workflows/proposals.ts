import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isRetroError } from '../errors.js';
import { ID_PATTERNS } from '../ids.js';
import {
  applyProposal,
  markProposalFailed,
  type ProposalMeta,
  readProposal,
  revertProposal,
  validateDiff,
} from '../proposals/index.js';
import { redactDeep } from '../redact/index.js';

export type ProposalView = Omit<ProposalMeta, 'prompt'> & { diff: string };

function toView(meta: ProposalMeta, diff: string): ProposalView {
  const { prompt: _prompt, ...rest } = meta;
  return redactDeep({ ...rest, diff });
}

/**
 * A proposal as the UI shows it. One still waiting to be applied is validated again against the tree as it
 * is now, so a repository that changed since shows `stale` and the failed check rather than an old verdict.
 */
export async function readProposalView(repoRoot: string, proposalId: string): Promise<ProposalView> {
  const { meta, diff } = await readProposal(repoRoot, proposalId);
  if (meta.status === 'generated') {
    meta.validation = await validateDiff(repoRoot, diff, meta.options, meta.base);
  }
  return toView(meta, diff);
}

/** Every proposal of this repository (of one session when given), newest first; the diff is left out. */
export async function listProposalViews(
  repoRoot: string,
  sessionId: string | undefined,
): Promise<Omit<ProposalView, 'diff'>[]> {
  let names: string[];
  try {
    names = await readdir(join(repoRoot, '.codex-orchestrator', 'proposals'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names
    .filter((n) => ID_PATTERNS.proposal.test(n))
    .sort()
    .reverse();
  const views: Omit<ProposalView, 'diff'>[] = [];
  for (const id of ids) {
    try {
      const { meta } = await readProposal(repoRoot, id);
      if (sessionId !== undefined && meta.session_id !== sessionId) continue;
      const { diff: _diff, ...view } = toView(meta, '');
      views.push(view);
    } catch (error) {
      // A directory without a readable meta.json (being written, or edited by hand) is not a proposal yet.
      if (!isRetroError(error)) throw error;
    }
  }
  return views;
}

export function applyProposalNow(repoRoot: string, proposalId: string, confirm: boolean) {
  return applyProposal(repoRoot, proposalId, { confirm });
}

export function revertProposalNow(repoRoot: string, proposalId: string, confirm: boolean) {
  return revertProposal(repoRoot, proposalId, { confirm });
}

/**
 * Proposals whose job ended without an answer while no server was watching (codex-retro was stopped
 * mid-run) would say "generating" forever: they are marked failed with the job's error.
 */
export async function failOrphanedProposals(
  repoRoot: string,
  jobs: {
    status: string;
    kind: string;
    config: Record<string, unknown>;
    error: { code: string; message: string } | null;
  }[],
): Promise<number> {
  let marked = 0;
  for (const job of jobs) {
    const proposalId = job.config.proposal_id;
    if (job.kind !== 'proposal' || typeof proposalId !== 'string' || !ID_PATTERNS.proposal.test(proposalId))
      continue;
    if (job.status !== 'interrupted' && job.status !== 'failed' && job.status !== 'cancelled') continue;
    const error = job.error ?? { code: job.status, message: `The proposal job ended ${job.status}.` };
    try {
      const { meta } = await readProposal(repoRoot, proposalId);
      if (meta.status !== 'generating') continue;
      await markProposalFailed(repoRoot, proposalId, error);
      marked += 1;
    } catch (caught) {
      if (!isRetroError(caught)) throw caught;
    }
  }
  return marked;
}
