import type { ReactNode } from 'react';
import type { ProposalStatus, ProposalSummary } from '../api/types.js';
import { formatFullTime } from '../ui/format.js';

/** The one word for each status the server derives, the same in the list and the review. */
const LABEL: Record<ProposalStatus, string> = {
  generating: 'Generating',
  generated: 'Proposal generated',
  invalid: 'Invalid',
  stale: 'Stale',
  no_change: 'No change needed',
  failed: 'Generation failed',
  applied: 'Applied',
  reverted: 'Reverted',
};

export function StatusBadge({ status }: { status: ProposalStatus }): ReactNode {
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {LABEL[status]}
    </span>
  );
}

/** One sentence under the badge: what the status means for this proposal and what can be done next. */
export function describeStatus(proposal: ProposalSummary): string {
  switch (proposal.status) {
    case 'generating':
      return 'Codex is still writing this diff.';
    case 'generated':
      return 'Every check passed. Review the diff below, then approve it to apply it to the working tree.';
    case 'invalid':
      return 'A check failed (see below), so this diff cannot be applied.';
    case 'stale':
      return 'The files this diff changes were edited after it was made, so it cannot be applied. Generate a new diff from the same insights.';
    case 'no_change':
      return 'Codex found nothing worth changing for these insights; there is nothing to apply.';
    case 'failed':
      return 'Generating this proposal failed; nothing was proposed.';
    case 'applied':
      return `Applied to the working tree at ${formatFullTime(proposal.applied_at)}. Nothing was committed.`;
    case 'reverted':
      return proposal.can_apply
        ? `Reverted at ${formatFullTime(proposal.reverted_at)}; the files are as they were. It can be applied again.`
        : `Reverted at ${formatFullTime(proposal.reverted_at)}; it cannot be applied again as it is (see the checks).`;
  }
}
