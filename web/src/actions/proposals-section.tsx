import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { InsightArtifact, JobRecord, ProposalSummary, RunMode, RunSettings } from '../api/types.js';
import { JobProgressView } from '../jobs/job-progress.js';
import { useJob } from '../jobs/use-job.js';
import { StatusBadge } from '../review/status.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatTime } from '../ui/format.js';
import { routePath } from '../ui/use-route.js';
import { listAllowedPaths, type PathOptIns, PathOptInsFields } from './path-opt-ins.js';
import { useResumeConfirm } from './resume-confirm.js';
import { isModelValid, requestSettings } from './run-settings.js';

interface ProposalsSectionProps {
  api: RetroApi;
  sessionId: string;
  /** Null while unknown: the server then picks. */
  mode: RunMode | null;
  settings: RunSettings;
  subtreeAgentsDefault: boolean;
  artifacts: InsightArtifact[];
  insightId: string | null;
  version: number;
  onReview: (proposalId: string) => void;
  /** A resumed run ended: the session's transcript has new turns. */
  onSessionChanged: () => void;
}

/** Each proposal of the session with its status; opening one shows its full-width review. */
function ProposalList({
  sessionId,
  proposals,
  onReview,
}: {
  sessionId: string;
  proposals: ProposalSummary[];
  onReview: (proposalId: string) => void;
}): ReactNode {
  if (proposals.length === 0) return null;
  return (
    <div className="history">
      <h4>Proposals of this session</h4>
      <ul className="pick-list proposal-list">
        {proposals.map((item) => (
          <li key={item.proposal_id}>
            <a
              className="pick"
              href={routePath({ session: sessionId, proposal: item.proposal_id, entry: null })}
              data-proposal-id={item.proposal_id}
              data-status={item.status}
              onClick={(event) => {
                event.preventDefault();
                onReview(item.proposal_id);
              }}
            >
              <span className="pick-title">{item.summary || item.proposal_id}</span>
              <span className="pick-detail small">
                <StatusBadge status={item.status} />{' '}
                <span className="muted">{formatTime(item.created_at)}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Workflow B: generate a diff from an insight (read-only, with this proposal's opt-ins), then review it. */
export function ProposalsSection(props: ProposalsSectionProps): ReactNode {
  const { api, sessionId, mode, settings, subtreeAgentsDefault, artifacts, insightId } = props;
  const { version, onReview, onSessionChanged } = props;
  const [chosenInsight, setChosenInsight] = useState<string | null>(null);
  const insight = chosenInsight ?? insightId ?? artifacts[0]?.artifact_id ?? null;
  const [proposals, setProposals] = useState<ProposalSummary[]>([]);
  const [optIns, setOptIns] = useState<PathOptIns>({ subtreeAgents: subtreeAgentsDefault, paths: '' });
  const [job, setJob] = useState<{ jobId: string; proposalId: string; mode: RunMode | null } | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);

  // The server's default arrives with its status, after the first render.
  useEffect(
    () => setOptIns((current) => ({ ...current, subtreeAgents: subtreeAgentsDefault })),
    [subtreeAgentsDefault],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version means the list changed elsewhere.
  const refreshList = useCallback(() => {
    api.listProposals(sessionId).then(setProposals, () => setProposals([]));
  }, [api, sessionId, version]);
  useEffect(refreshList, [refreshList]);

  const onDone = useCallback(
    (_record: JobRecord) => {
      refreshList();
      if (job?.mode === 'resume') onSessionChanged();
    },
    [refreshList, job, onSessionChanged],
  );
  const progress = useJob(api, job?.jobId ?? null, onDone);
  const running =
    starting ||
    (job !== null && (progress.job === null || ['queued', 'running'].includes(progress.job.status)));
  const latest = job ? proposals.find((item) => item.proposal_id === job.proposalId) : undefined;

  const generate = async () => {
    if (!insight) return;
    setStarting(true);
    setStartError(null);
    try {
      const { sandbox: _readOnly, ...run } = requestSettings(settings);
      const started = await api.runProposal({
        session_id: sessionId,
        insight_artifact_id: insight,
        ...(mode ? { mode } : {}),
        ...run,
        allow_subtree_agents: optIns.subtreeAgents,
        allow_paths: listAllowedPaths(optIns),
      });
      setJob({ jobId: started.job_id, proposalId: started.proposal_id, mode });
      refreshList();
    } catch (reason) {
      setStartError(reason);
    } finally {
      setStarting(false);
    }
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
        <>
          <label className="field">
            <span>From insights</span>
            <select value={insight ?? ''} onChange={(event) => setChosenInsight(event.target.value)}>
              {artifacts.map((artifact) => (
                <option key={artifact.artifact_id} value={artifact.artifact_id}>
                  {formatTime(artifact.created_at)} — {artifact.goal.slice(0, 60) || 'Insights'}
                </option>
              ))}
            </select>
          </label>
          <PathOptInsFields value={optIns} onChange={setOptIns} />
          <div className="row">
            <button
              type="button"
              className="btn primary"
              disabled={!insight || running || !isModelValid(settings.model)}
              onClick={confirm.request}
            >
              {running ? 'Generating…' : `Generate diff${mode ? ` (${mode})` : ''}`}
            </button>
          </div>
        </>
      )}
      {startError ? <ErrorNotice error={startError} title="Could not start the proposal" /> : null}
      {job ? <JobProgressView api={api} jobId={job.jobId} progress={progress} label="Proposal" /> : null}
      {job && latest && !running ? (
        <div className="proposal-ready" data-proposal-id={latest.proposal_id} data-status={latest.status}>
          <StatusBadge status={latest.status} />{' '}
          <span className="summary">{latest.summary || 'No summary'}</span>
          <button type="button" className="btn primary" onClick={() => onReview(latest.proposal_id)}>
            Review the proposal
          </button>
        </div>
      ) : null}
      <ProposalList sessionId={sessionId} proposals={proposals} onReview={onReview} />
    </section>
  );
}
