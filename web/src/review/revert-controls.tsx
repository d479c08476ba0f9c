import { type ReactNode, useState } from 'react';
import type { ChangedFile } from '../api/types.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { FileList } from '../ui/file-list.js';
import { formatFullTime } from '../ui/format.js';
import type { ProposalActionProps } from './apply-controls.js';

function pathOf(file: ChangedFile): string {
  return typeof file === 'string' ? file : file.path;
}

/** An applied proposal: when, which files, and Revert (asked again, naming the files). */
export function RevertControls({ api, proposal, onChanged }: ProposalActionProps): ReactNode {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const files = (proposal.files_changed ?? []).map(pathOf);
  const revert = async () => {
    setBusy(true);
    setError(null);
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
        Applied at {formatFullTime(proposal.applied_at)} — files:{' '}
        {files.length > 0 ? files.map((f) => <code key={f}>{f}</code>) : 'none recorded'}
      </p>
      {proposal.can_revert ? (
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
