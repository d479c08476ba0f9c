import { type ReactNode, useState } from 'react';
import type { ChangedFile, ProposalDetail } from '../api/types.js';
import { DiffView } from '../diff/diff-view.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FileList } from '../ui/file-list.js';
import { formatFullTime } from '../ui/format.js';
import { ApplyControls, type ProposalActionProps } from './apply-controls.js';

function pathOf(file: ChangedFile): string {
  return typeof file === 'string' ? file : file.path;
}

function Checks({ proposal }: { proposal: ProposalDetail }): ReactNode {
  const validation = proposal.validation;
  if (!validation) return <p className="muted small">Not validated yet.</p>;
  return (
    <section className="checks" aria-label="Validation">
      <h4>
        Validation{' '}
        <span className={`badge ${validation.ok && !validation.stale ? 'ok' : 'bad'}`}>
          {validation.stale ? 'stale' : validation.ok ? 'passed' : 'failed'}
        </span>
      </h4>
      {validation.stale ? (
        <ErrorNotice
          error={{
            code: 'proposal_stale',
            message: 'The files this diff touches changed after it was generated.',
          }}
          title="This proposal is stale"
        />
      ) : null}
      <ul className="check-list">
        {validation.checks.map((check) => (
          <li key={check.id} className={check.ok ? 'ok' : 'bad'} data-check={check.id}>
            <span className="mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <span className="visually-hidden">{check.ok ? 'passed:' : 'failed:'}</span>
            <strong>{check.label}</strong>
            {check.message ? <span className="check-message"> — {check.message}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AppliedSection({ api, proposal, onChanged }: ProposalActionProps): ReactNode {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const files = (proposal.files_changed ?? []).map(pathOf);
  const revert = async () => {
    setBusy(true);
    try {
      await api.revertProposal(proposal.proposal_id);
      onChanged();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <section className="applied" aria-label="Applied">
      <p>
        <span className="badge applied-badge">Applied</span> Applied at {formatFullTime(proposal.applied_at)}{' '}
        — files: {files.length > 0 ? files.map((f) => <code key={f}>{f}</code>) : 'none recorded'}
      </p>
      {proposal.status === 'applied' ? (
        <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
          Revert
        </button>
      ) : null}
      {error ? <ErrorNotice error={error} title="Could not revert" /> : null}
      <ConfirmDialog
        open={confirming}
        title="Revert this change?"
        confirmLabel="Revert"
        danger
        busy={busy}
        onConfirm={revert}
        onCancel={() => setConfirming(false)}
      >
        <p>These files go back to what they were before the diff was applied:</p>
        <FileList files={files} />
      </ConfirmDialog>
    </section>
  );
}

/** One proposal: what it says, what it touches, whether it is safe, the diff, and approval. */
export function ProposalView({ api, proposal, onChanged }: ProposalActionProps): ReactNode {
  return (
    <article
      className="proposal"
      aria-label="Proposal"
      data-status={proposal.status}
      data-proposal-id={proposal.proposal_id}
    >
      <header className="proposal-head">
        <span className={`badge status-${proposal.status}`}>
          {proposal.status === 'generated' ? 'Proposal generated' : proposal.status.replace(/_/g, ' ')}
        </span>
        <span className="muted small">
          {formatFullTime(proposal.created_at)} · {proposal.mode}
        </span>
      </header>
      {proposal.applied_at ? <AppliedSection api={api} proposal={proposal} onChanged={onChanged} /> : null}
      {proposal.reverted_at ? (
        <p className="notice small">
          <span className="badge">Reverted</span> at {formatFullTime(proposal.reverted_at)}
        </p>
      ) : null}
      {proposal.error ? <ErrorNotice error={proposal.error} title="Generating this proposal failed" /> : null}
      {(proposal.integrity?.problems ?? []).length > 0 ? (
        <ul className="notice small integrity" aria-label="Ignored">
          {proposal.integrity?.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {proposal.summary ? <p className="summary">{proposal.summary}</p> : null}
      {proposal.files_touched.length > 0 ? (
        <div>
          <h4>Files touched</h4>
          <FileList files={proposal.files_touched} />
        </div>
      ) : null}
      {proposal.safety_notes.length > 0 ? (
        <div>
          <h4>Safety notes</h4>
          <ul className="notes">
            {proposal.safety_notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {proposal.status !== 'generating' ? <Checks proposal={proposal} /> : null}
      {proposal.diff ? <DiffView patch={proposal.patch} diff={proposal.diff} /> : null}
      {proposal.status === 'generated' || proposal.status === 'failed' || proposal.status === 'no_change' ? (
        <ApplyControls key={proposal.proposal_id} api={api} proposal={proposal} onChanged={onChanged} />
      ) : null}
    </article>
  );
}
