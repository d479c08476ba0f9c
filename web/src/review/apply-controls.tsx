import { type ReactNode, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { ProposalDetail } from '../api/types.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FileList } from '../ui/file-list.js';

/** What a control that changes a proposal gets: the API, the proposal as shown, and a callback to reload it. */
export interface ProposalActionProps {
  api: RetroApi;
  proposal: ProposalDetail;
  onChanged: () => void;
}

/** Every path that changes and how: from the patch the server will apply (the listed paths otherwise). */
function ChangeList({ proposal }: { proposal: ProposalDetail }): ReactNode {
  const files = proposal.patch?.files ?? [];
  if (files.length === 0) return <FileList files={proposal.files_touched} />;
  return (
    <ul className="file-list change-list">
      {files.map((file) => (
        <li key={`${file.old_path}:${file.path}`} data-operation={file.operation}>
          <strong>{file.operation}</strong> <code>{file.path}</code>
          {file.operation === 'rename' || file.operation === 'copy' ? (
            <>
              {' '}
              ({file.operation === 'rename' ? 'removes' : 'from'} <code>{file.old_path}</code>)
            </>
          ) : null}{' '}
          <span className="muted small">
            +{file.added} −{file.removed}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Why "Approve & apply" cannot be pressed yet, or null when it can. */
export function applyBlocker(proposal: ProposalDetail, reviewed: boolean): string | null {
  if (proposal.can_apply) return reviewed ? null : 'Tick "I reviewed this diff" first.';
  if (proposal.status === 'stale') return 'The files changed since this diff was made; generate a new one.';
  const failing = proposal.validation?.checks.find(
    (check) => !check.ok && !(check.details as { skipped?: unknown } | undefined)?.skipped,
  );
  if (failing) return `A check failed (${failing.label}), so this diff cannot be applied.`;
  if (proposal.status === 'generating') return 'Codex is still writing this diff.';
  return 'This diff cannot be applied as it is.';
}

/** Human approval: a review checkbox, then a final confirmation naming every file that will change. */
export function ApplyControls({ api, proposal, onChanged }: ProposalActionProps): ReactNode {
  const [reviewed, setReviewed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const blocker = applyBlocker(proposal, reviewed);
  const again = proposal.status === 'reverted';

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.applyProposal(proposal.proposal_id);
      setConfirming(false);
      onChanged();
    } catch (reason) {
      setConfirming(false);
      setError(reason);
      // The refusal may come from a change on disk (stale, applied elsewhere): show the proposal as it is now.
      onChanged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="apply-controls">
      <label className={`review-check${proposal.can_apply ? '' : ' disabled'}`}>
        <input
          type="checkbox"
          checked={reviewed}
          disabled={!proposal.can_apply}
          onChange={(event) => setReviewed(event.target.checked)}
        />{' '}
        I reviewed this diff
      </label>
      <button
        type="button"
        className="btn primary"
        disabled={blocker !== null || busy}
        aria-describedby={blocker ? 'apply-blocker' : undefined}
        onClick={() => setConfirming(true)}
      >
        {again ? 'Approve & apply again' : 'Approve & apply'}
      </button>
      {blocker ? (
        <p id="apply-blocker" className="muted small">
          {blocker}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} title="The diff was not applied" /> : null}
      <ConfirmDialog
        open={confirming}
        title={again ? 'Apply this diff again?' : 'Apply this diff to the repository?'}
        confirmLabel={`Apply to ${proposal.files_touched.length} file${proposal.files_touched.length === 1 ? '' : 's'}`}
        busy={busy}
        onConfirm={apply}
        onCancel={() => setConfirming(false)}
      >
        <p>These files in the working tree will change:</p>
        <ChangeList proposal={proposal} />
        <p className="muted small">
          Nothing is committed. The change is recorded in the proposal's audit and can be reverted.
        </p>
      </ConfirmDialog>
    </div>
  );
}
