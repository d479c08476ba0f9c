import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type {
  InsightArtifact,
  InsightArtifactDetail,
  JobRecord,
  RunMode,
  RunSettings,
} from '../api/types.js';
import { JobProgressView } from '../jobs/job-progress.js';
import { useJob } from '../jobs/use-job.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { formatTime } from '../ui/format.js';
import { PickList } from '../ui/pick-list.js';
import { InsightView } from './insight-view.js';
import { useResumeConfirm } from './resume-confirm.js';
import { isModelValid, requestSettings } from './run-settings.js';

interface InsightsSectionProps {
  api: RetroApi;
  sessionId: string;
  /** Null while unknown: the server then picks. */
  mode: RunMode | null;
  settings: RunSettings;
  defaultPrompt: string | null;
  artifacts: InsightArtifact[];
  selected: string | null;
  onSelect: (artifactId: string) => void;
  onCreated: (artifactId: string) => void;
  /** A resumed run ended: the session's transcript has new turns. */
  onSessionChanged: () => void;
  onOpenEntry: (line: number) => void;
}

function InsightResult({
  api,
  artifactId,
  onOpenEntry,
}: {
  api: RetroApi;
  artifactId: string;
  onOpenEntry: (line: number) => void;
}): ReactNode {
  const [detail, setDetail] = useState<InsightArtifactDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    api.getInsight(artifactId).then(
      (value) => live && setDetail(value),
      (reason: unknown) => live && setError(reason),
    );
    return () => {
      live = false;
    };
  }, [api, artifactId]);
  if (error) return <ErrorNotice error={error} title="Could not open these insights" />;
  if (!detail) return <p className="muted">Loading insights…</p>;
  return <InsightView detail={detail} onOpenEntry={onOpenEntry} />;
}

/** Workflow A: an editable prompt, Run, live progress, the rendered result, and earlier results. */
export function InsightsSection(props: InsightsSectionProps): ReactNode {
  const { api, sessionId, mode, settings, defaultPrompt, artifacts, selected } = props;
  const { onSelect, onCreated, onSessionChanged, onOpenEntry } = props;
  const [prompt, setPrompt] = useState<string | null>(null);
  const [job, setJob] = useState<{ jobId: string; artifactId: string; mode: RunMode | null } | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const text = prompt ?? defaultPrompt ?? '';

  const onDone = useCallback(
    (record: JobRecord) => {
      if (record.status === 'succeeded' && job) onCreated(job.artifactId);
      // Even a failed resume may have added to the session.
      if (job?.mode === 'resume') onSessionChanged();
    },
    [job, onCreated, onSessionChanged],
  );
  const progress = useJob(api, job?.jobId ?? null, onDone);
  const running =
    starting ||
    (job !== null && (progress.job === null || ['queued', 'running'].includes(progress.job.status)));

  const run = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const started = await api.runInsights({
        session_id: sessionId,
        prompt: text,
        ...(mode ? { mode } : {}),
        ...requestSettings(settings),
      });
      setJob({ jobId: started.job_id, artifactId: started.insight_artifact_id, mode });
    } catch (error) {
      setStartError(error);
    } finally {
      setStarting(false);
    }
  };

  const confirm = useResumeConfirm(mode, () => void run());

  return (
    <section className="card" aria-labelledby="insights-title">
      {confirm.dialog}
      <h3 id="insights-title">Insights</h3>
      <label className="field">
        <span>Prompt</span>
        <textarea
          rows={6}
          value={text}
          placeholder={defaultPrompt === null ? 'Loading the default prompt…' : ''}
          onChange={(event) => setPrompt(event.target.value)}
          aria-label="Insights prompt"
        />
      </label>
      <div className="row">
        <button
          type="button"
          className="btn primary"
          disabled={running || !text.trim() || !isModelValid(settings.model)}
          onClick={confirm.request}
        >
          {running ? 'Running…' : `Run insights${mode ? ` (${mode})` : ''}`}
        </button>
        {prompt !== null && defaultPrompt !== null && prompt !== defaultPrompt ? (
          <button type="button" className="btn link" onClick={() => setPrompt(null)}>
            Reset to default prompt
          </button>
        ) : null}
      </div>
      {startError ? <ErrorNotice error={startError} title="Could not start insights" /> : null}
      {job ? <JobProgressView api={api} jobId={job.jobId} progress={progress} label="Insights" /> : null}
      {selected ? <InsightResult api={api} artifactId={selected} onOpenEntry={onOpenEntry} /> : null}
      <PickList
        heading="Insights of this session"
        selected={selected}
        onPick={onSelect}
        items={artifacts.map((artifact) => ({
          id: artifact.artifact_id,
          title: artifact.goal || 'Insights',
          detail: `${formatTime(artifact.created_at)} · ${artifact.mode} · ${artifact.outcome.status.replace(/_/g, ' ')}`,
        }))}
      />
    </section>
  );
}
