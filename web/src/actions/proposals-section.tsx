import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { InsightArtifact, JobRecord, ProposalDetail, ProposalSummary, RunMode } from '../api/types.js';
import { JobProgressView } from '../jobs/job-progress.js';
import { useJob } from '../jobs/use-job.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatTime } from '../ui/format.js';
import { PickList } from '../ui/pick-list.js';
import { ProposalView } from './proposal-view.js';
import { useResumeConfirm } from './resume-confirm.js';

interface ProposalsSectionProps {
  api: RetroApi;
  sessionId: string;
  /** Null while unknown: the server then picks. */
  mode: RunMode | null;
  artifacts: InsightArtifact[];
  insightId: string | null;
  /** A resumed run ended: the session's transcript has new turns. */
  onSessionChanged: () => void;
}

/** Loads one proposal and reloads it after apply or revert. */
function useProposal(api: RetroApi, proposalId: string | null) {
  const [proposal, setProposal] = useState<ProposalDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    setError(null);
    if (!proposalId) return;
    api.getProposal(proposalId).then(setProposal, setError);
  }, [api, proposalId]);
  useEffect(reload, [reload]);
  // Answers for another proposal than the one now selected are not shown.
  return { proposal: proposal?.proposal_id === proposalId ? proposal : null, error, reload };
}

/** Workflow B and C: generate a diff from an insight, review it, approve and apply it. */
export function ProposalsSection({
  api,
  sessionId,
  mode,
  artifacts,
  insightId,
  onSessionChanged,
}: ProposalsSectionProps): ReactNode {
  const [chosenInsight, setChosenInsight] = useState<string | null>(null);
  const insight = chosenInsight ?? insightId ?? artifacts[0]?.artifact_id ?? null;
  const [proposals, setProposals] = useState<ProposalSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [job, setJob] = useState<{ jobId: string; proposalId: string; mode: RunMode | null } | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const { proposal, error, reload } = useProposal(api, selected);

  const refreshList = useCallback(() => {
    api.listProposals(sessionId).then(setProposals, () => setProposals([]));
  }, [api, sessionId]);
  useEffect(refreshList, [refreshList]);

  const onDone = useCallback(
    (_record: JobRecord) => {
      refreshList();
      reload();
      if (job?.mode === 'resume') onSessionChanged();
    },
    [refreshList, reload, job, onSessionChanged],
  );
  // A proposal still generating when it was opened from the list is followed too.
  const followJobId = job?.jobId ?? (proposal?.status === 'generating' ? proposal.job_id : null);
  const progress = useJob(api, followJobId, onDone);
  const running =
    starting ||
    (job !== null && (progress.job === null || ['queued', 'running'].includes(progress.job.status)));

  const generate = async () => {
    if (!insight) return;
    setStarting(true);
    setStartError(null);
    try {
      const started = await api.runProposal({
        session_id: sessionId,
        insight_artifact_id: insight,
        ...(mode ? { mode } : {}),
      });
      setJob({ jobId: started.job_id, proposalId: started.proposal_id, mode });
      setSelected(started.proposal_id);
    } catch (reason) {
      setStartError(reason);
    } finally {
      setStarting(false);
    }
  };

  const changed = () => {
    reload();
    refreshList();
  };

  const confirm = useResumeConfirm(mode, () => void generate());

  return (
    <section className="card" aria-labelledby="proposals-title">
      {confirm.dialog}
      <h3 id="proposals-title">Proposals</h3>
      <p className="muted small">
        A read-only Codex run proposes a diff to <code>.codex/skills/**</code> and <code>AGENTS.md</code>.
        Nothing changes until you approve it.
      </p>
      {artifacts.length === 0 ? (
        <p className="muted">Run insights first; a proposal is generated from one of them.</p>
      ) : (
        <div className="row wrap">
          <label className="field inline">
            <span>From insight</span>
            <select value={insight ?? ''} onChange={(event) => setChosenInsight(event.target.value)}>
              {artifacts.map((artifact) => (
                <option key={artifact.artifact_id} value={artifact.artifact_id}>
                  {formatTime(artifact.created_at)} — {artifact.goal.slice(0, 60) || 'Insights'}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn primary"
            disabled={!insight || running}
            onClick={confirm.request}
          >
            {running ? 'Generating…' : `Generate diff${mode ? ` (${mode})` : ''}`}
          </button>
        </div>
      )}
      {startError ? <ErrorNotice error={startError} title="Could not start the proposal" /> : null}
      {followJobId && (!job || job.proposalId === selected) ? (
        <JobProgressView api={api} jobId={followJobId} progress={progress} label="Proposal" />
      ) : null}
      {error ? <ErrorNotice error={error} title="Could not open the proposal" /> : null}
      {proposal && !(running && job?.proposalId === proposal.proposal_id) ? (
        <ProposalView api={api} proposal={proposal} onChanged={changed} />
      ) : null}
      <PickList
        heading="Proposals of this session"
        selected={selected}
        onPick={setSelected}
        idAttribute="data-proposal-id"
        items={proposals.map((item) => ({
          id: item.proposal_id,
          title: item.summary || item.proposal_id,
          detail: (
            <>
              {formatTime(item.created_at)} ·{' '}
              <span className={`status-text status-${item.status}`}>{item.status.replace(/_/g, ' ')}</span>
            </>
          ),
        }))}
      />
    </section>
  );
}
