import { type ReactNode, useCallback, useEffect, useRef } from 'react';
import type { RetroApi } from '../api/client.js';
import { DiffView } from '../diff/diff-view.js';
import { EffectSummary } from '../effect/effect-summary.js';
import { JobProgressView } from '../jobs/job-progress.js';
import { useJob } from '../jobs/use-job.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { sessionPath } from '../ui/use-route.js';
import { ApplyControls } from './apply-controls.js';
import { ChecksSummary } from './checks-summary.js';
import { RevertControls } from './revert-controls.js';
import { RunFacts } from './run-facts.js';
import { describeStatus, StatusBadge } from './status.js';
import { useProposal } from './use-proposal.js';

interface ReviewViewProps {
  api: RetroApi;
  sessionId: string;
  proposalId: string;
  onBack: () => void;
  /** Called after an apply or a revert, so lists elsewhere can show the new status. */
  onChanged?: () => void;
}

/**
 * One proposal reviewed like a code review, across the whole width: its status and what it means, how it
 * was made, the checks (failing first), the decision (approve and apply, apply again, or revert), and every
 * changed file with a file tree beside it.
 */
export function ReviewView({ api, sessionId, proposalId, onBack, onChanged }: ReviewViewProps): ReactNode {
  const { proposal, error, reload } = useProposal(api, proposalId);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const followJob = proposal?.status === 'generating' ? proposal.job_id : null;
  const progress = useJob(api, followJob, reload);
  const changed = useCallback(() => {
    reload();
    onChanged?.();
  }, [reload, onChanged]);

  const loaded = proposal !== null;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  return (
    <article
      className="review"
      aria-labelledby="review-title"
      data-status={proposal?.status}
      data-proposal-id={proposalId}
    >
      <nav className="review-nav" aria-label="Review">
        <a
          href={sessionPath(sessionId)}
          onClick={(event) => {
            event.preventDefault();
            onBack();
          }}
        >
          ← Back to the session
        </a>
        <code className="muted small">{proposalId}</code>
      </nav>
      {error ? <ErrorNotice error={error} title="Could not open the proposal" /> : null}
      {!proposal && !error ? <p className="muted pad">Loading the proposal…</p> : null}
      {proposal ? (
        <>
          <header className="review-head">
            <div className="review-title-row">
              <StatusBadge status={proposal.status} />
              <h2 id="review-title" ref={heading} tabIndex={-1}>
                {proposal.summary || 'Proposal'}
              </h2>
            </div>
            <p className="status-note">{describeStatus(proposal)}</p>
            <RunFacts proposal={proposal} />
          </header>
          {followJob ? (
            <JobProgressView api={api} jobId={followJob} progress={progress} label="Proposal" />
          ) : null}
          <div className="review-panels">
            <div className="review-findings">
              <EffectSummary effect={proposal.effect} />
              {proposal.error ? (
                <ErrorNotice error={proposal.error} title="Generating this proposal failed" />
              ) : null}
              {(proposal.integrity?.problems ?? []).length > 0 ? (
                <ul className="notice warn small integrity" aria-label="Ignored">
                  {proposal.integrity?.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              ) : null}
              {proposal.safety_notes.length > 0 ? (
                <section aria-labelledby="safety-title">
                  <h3 id="safety-title">Safety notes from Codex</h3>
                  <ul className="notes">
                    {proposal.safety_notes.map((note) => (
                      <li key={note}>{note}</li>
                    ))}
                  </ul>
                </section>
              ) : null}
              {proposal.validation && proposal.status !== 'no_change' && proposal.status !== 'generating' ? (
                <ChecksSummary checks={proposal.validation.checks} />
              ) : null}
            </div>
            <Decision api={api} proposal={proposal} onChanged={changed} />
          </div>
          {proposal.status === 'no_change' || proposal.status === 'generating' ? null : (
            <DiffView patch={proposal.patch} diff={proposal.diff} />
          )}
        </>
      ) : null}
    </article>
  );
}

/** What can be done with the proposal now, or nothing when nothing can. */
function Decision({ api, proposal, onChanged }: Parameters<typeof ApplyControls>[0]): ReactNode {
  if (proposal.status === 'applied') {
    return (
      <aside className="decision" aria-label="Decision">
        <RevertControls api={api} proposal={proposal} onChanged={onChanged} />
      </aside>
    );
  }
  if (!['generated', 'invalid', 'stale', 'reverted'].includes(proposal.status)) return null;
  return (
    <aside className="decision" aria-label="Decision">
      <ApplyControls key={proposal.proposal_id} api={api} proposal={proposal} onChanged={onChanged} />
    </aside>
  );
}
