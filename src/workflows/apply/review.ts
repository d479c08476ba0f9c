import { isRetroError } from '../../errors.js';
import { ID_PATTERNS } from '../../ids.js';
import { describePatch, formatPatch, type PatchView, parsePatch } from '../../patch/index.js';
import type { ProposalMeta } from '../../proposals/meta.js';
import type { ProposalPlace } from '../../proposals/place.js';
import { markProposalFailed, requireProposal, validateProposalDiff } from '../../proposals/records.js';
import { type LoadedProposal, listProposalIds, loadProposal } from '../../proposals/state.js';
import { describeReviewState, type ReviewState } from '../../proposals/status.js';
import { redactDeep } from '../../redact/index.js';

/**
 * A proposal as a person reviews it (the API's answer, the CLI's review): the canonical diff text, the same
 * patch as a structure (every file with its operation, every line with its numbers: what the UI renders),
 * and whether codex-retro recorded it, with anything in the repo that differs from that record.
 */
export type ProposalView = Omit<ProposalMeta, 'prompt' | 'status'> &
  ReviewState & {
    diff: string;
    patch: PatchView | null;
    integrity: { trusted: boolean; problems: string[] };
  };

type ProposalSummaryView = Omit<ProposalView, 'diff' | 'patch'>;

/**
 * A proposal as it stands now. One that could still be applied (generated, or reverted and so applicable
 * again), or one codex-retro never recorded, is validated again against the tree as it is now, so a
 * repository that changed since shows `stale` and the failed check rather than an old verdict. The list
 * and the review both come through here, so they cannot tell a proposal's status differently.
 */
async function reviewProposal(place: ProposalPlace, loaded: LoadedProposal): Promise<ProposalSummaryView> {
  const { prompt: _prompt, ...meta } = loaded.meta;
  if (meta.status === 'generated' || meta.status === 'reverted' || !loaded.trusted) {
    meta.validation = (
      await validateProposalDiff(place, loaded, loaded.diff, meta.options, meta.base)
    ).result;
  }
  const state = describeReviewState(meta, meta.validation, loaded.trusted);
  const integrity = { trusted: loaded.trusted, problems: loaded.problems };
  return redactDeep({ ...meta, ...state, integrity });
}

/** One proposal, with its diff as text and as the structure the UI renders. */
export async function readProposalView(place: ProposalPlace, proposalId: string): Promise<ProposalView> {
  const loaded = await requireProposal(place, proposalId);
  const summary = await reviewProposal(place, loaded);
  const meta = loaded.meta;
  const parsed = parsePatch(loaded.diff);
  const patch = parsed.ok ? describePatch(parsed.files) : null;
  // The stored text is canonical, so what the model wrote wrong is known from the record alone.
  for (const file of patch?.files ?? []) {
    for (const hunk of file.hunks) {
      const note = meta.recounted?.find((entry) => entry.path === file.path && entry.header === hunk.header);
      if (note) hunk.stated_header = note.stated;
    }
  }
  return {
    ...summary,
    diff: parsed.ok ? formatPatch(parsed.files) : loaded.diff,
    patch,
  };
}

/** Every proposal of this repository (of one session when given), newest first; the diff is left out. */
export async function listProposalViews(
  place: ProposalPlace,
  sessionId: string | undefined,
): Promise<ProposalSummaryView[]> {
  const views: ProposalSummaryView[] = [];
  for (const id of await listProposalIds(place)) {
    try {
      const loaded = await loadProposal(place, id);
      if (loaded === null) continue;
      if (sessionId !== undefined && loaded.meta.session_id !== sessionId) continue;
      views.push(await reviewProposal(place, loaded));
    } catch (error) {
      // A folder without a readable meta.json (being written, or edited by hand) is not a proposal yet.
      if (!isRetroError(error)) throw error;
    }
  }
  return views;
}

/**
 * Proposals whose job ended without an answer while no server was watching (codex-retro was stopped
 * mid-run) would say "generating" forever: they are marked failed with the job's error.
 */
export async function failOrphanedProposals(
  place: ProposalPlace,
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
      const loaded = await loadProposal(place, proposalId);
      if (loaded === null || !loaded.trusted || loaded.meta.status !== 'generating') continue;
      await markProposalFailed(place, proposalId, error);
      marked += 1;
    } catch (caught) {
      if (!isRetroError(caught)) throw caught;
    }
  }
  return marked;
}
