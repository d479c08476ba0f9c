import { useCallback, useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { ProposalDetail } from '../api/types.js';

/** Loads one proposal and reloads it after apply, revert or the end of its job. */
export function useProposal(api: RetroApi, proposalId: string | null) {
  const [proposal, setProposal] = useState<ProposalDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    setError(null);
    if (!proposalId) return;
    api.getProposal(proposalId).then(setProposal, setError);
  }, [api, proposalId]);
  useEffect(reload, [reload]);
  // Answers for another proposal than the one now asked for are not shown.
  return { proposal: proposal?.proposal_id === proposalId ? proposal : null, error, reload };
}
