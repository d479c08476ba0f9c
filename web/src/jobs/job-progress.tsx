import { type ReactNode, useMemo, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { JobStatus } from '../api/types.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { describeJobEvent } from './describe-event.js';
import type { JobProgress as Progress } from './use-job.js';

const STATUS_TEXT: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted (the server stopped while it ran)',
};

const SHOWN_LINES = 40;

/** Live progress of one job: status, what Codex is doing, and how it ended. */
export function JobProgressView({
  api,
  jobId,
  progress,
  label,
}: {
  api: RetroApi;
  jobId: string;
  progress: Progress;
  label: string;
}): ReactNode {
  const [cancelling, setCancelling] = useState(false);
  const lines = useMemo(
    () =>
      progress.events
        .map((event) => describeJobEvent(event))
        .filter((line) => line !== null)
        .slice(-SHOWN_LINES),
    [progress.events],
  );
  const status = progress.job?.status ?? 'queued';
  const active = status === 'queued' || status === 'running';
  return (
    <section className="job" data-status={status} aria-label={`${label} job`}>
      <div className="job-head">
        <span className={`badge job-${status}`} role="status">
          {active ? <span className="spinner" aria-hidden="true" /> : null}
          {STATUS_TEXT[status]}
        </span>
        <code className="muted small">{jobId}</code>
        {progress.transport ? (
          <span className="muted small">({progress.transport === 'stream' ? 'live' : 'polling'})</span>
        ) : null}
        {active ? (
          <button
            type="button"
            className="btn small"
            disabled={cancelling}
            onClick={() => {
              setCancelling(true);
              api.cancelJob(jobId).finally(() => setCancelling(false));
            }}
          >
            Cancel
          </button>
        ) : null}
      </div>
      {lines.length > 0 ? (
        <ol className="job-log" aria-live="polite">
          {lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log.
            <li key={i} className={`tone-${line.tone}`}>
              {line.text}
            </li>
          ))}
        </ol>
      ) : null}
      {progress.job?.error ? <ErrorNotice error={progress.job.error} title={`${label} ${status}`} /> : null}
      {progress.error ? <ErrorNotice error={progress.error} title="Lost track of the job" /> : null}
    </section>
  );
}
