import type { ChangeEffect } from '../analytics/effect/types.js';
import type { EffectMeter, RepoEffects } from './measure.js';

/**
 * A proposal's `effect` as the API and `proposals list --json` give it: the before/after of its latest apply
 * (`since`), or null for a proposal never applied. `problems` says what could not be read (git history,
 * sessions), so a thin comparison is explained rather than silent.
 */
export type ProposalEffect = ChangeEffect & { since: string; problems: string[] };

export function effectOfProposal(repo: RepoEffects, proposalId: string): ProposalEffect | null {
  const applies = repo.changes.filter(
    (change) => change.kind === 'proposal' && change.proposal_id === proposalId,
  );
  const latest = applies.at(-1);
  if (!latest) return null;
  return { since: latest.at, ...latest.effect, problems: repo.problems };
}

interface ProposalLike {
  proposal_id: string;
  applied_at?: string | undefined;
  integrity?: { trusted: boolean };
}

/** The views with their effect; the repository is measured only when one of them was ever applied. */
export async function attachEffects<T extends ProposalLike>(
  views: T[],
  meter: EffectMeter,
  repoRoot: string,
): Promise<(T & { effect: ProposalEffect | null })[]> {
  const measurable = (view: T) => view.applied_at !== undefined && view.integrity?.trusted !== false;
  if (!views.some(measurable)) return views.map((view) => ({ ...view, effect: null }));
  // Only the latest apply of each proposal shown has its sessions read.
  const latest = new Map(views.filter(measurable).map((view) => [view.proposal_id, view.applied_at]));
  const repo = await meter.measureRepo(
    repoRoot,
    (change) =>
      change.kind === 'proposal' &&
      change.proposal_id !== null &&
      latest.get(change.proposal_id) === change.at,
  );
  return views.map((view) => ({
    ...view,
    effect: measurable(view) ? effectOfProposal(repo, view.proposal_id) : null,
  }));
}
