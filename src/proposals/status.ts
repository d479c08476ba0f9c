import type { ProposalMeta, ValidationResult } from './meta.js';

/**
 * What a person is told about a proposal, in one word, wherever it is shown (the list, the review, the CLI).
 * The record keeps where the proposal is in its life (generated, applied, reverted…); this adds what the
 * latest validation found: a generated diff that fails a check is `invalid`, one whose files changed since is
 * `stale`. Only a `generated` proposal can be applied, and a `reverted` one whose diff still passes.
 */
type ReviewStatus =
  | 'generating'
  | 'failed'
  | 'no_change'
  | 'generated'
  | 'invalid'
  | 'stale'
  | 'applied'
  | 'reverted';

export interface ReviewState {
  status: ReviewStatus;
  can_apply: boolean;
  can_revert: boolean;
}

/** `validation` is the latest one (re-run against the tree as it is now for a proposal not applied). */
export function describeReviewState(
  meta: Pick<ProposalMeta, 'status'>,
  validation: ValidationResult | null,
  trusted: boolean,
): ReviewState {
  const passes = trusted && validation?.ok === true && !validation.stale;
  switch (meta.status) {
    case 'generated': {
      const status: ReviewStatus = validation?.stale ? 'stale' : passes ? 'generated' : 'invalid';
      return { status, can_apply: passes, can_revert: false };
    }
    case 'reverted':
      return { status: 'reverted', can_apply: passes, can_revert: false };
    case 'applied':
      return { status: 'applied', can_apply: false, can_revert: trusted };
    default:
      return { status: meta.status, can_apply: false, can_revert: false };
  }
}
