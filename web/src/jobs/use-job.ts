import { useEffect, useRef, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import { type JobEvent, type JobRecord, TERMINAL_JOB_STATUSES } from '../api/types.js';

const KEEP_EVENTS = 400;
const POLL_MS = 1000;

export interface JobProgress {
  job: JobRecord | null;
  events: JobEvent[];
  /** How progress arrives: the live event stream, or polling when the stream is unavailable. */
  transport: 'stream' | 'polling' | null;
  error: unknown;
}

function isTerminal(job: JobRecord): boolean {
  return TERMINAL_JOB_STATUSES.includes(job.status);
}

/**
 * Follows a job live over SSE (`event: job` log lines, `event: status` records) and falls back to
 * polling `GET /codex/jobs/{id}` if the stream fails. `onDone` runs once with the final record.
 */
export function useJob(api: RetroApi, jobId: string | null, onDone: (job: JobRecord) => void): JobProgress {
  const [progress, setProgress] = useState<JobProgress>({
    job: null,
    events: [],
    transport: null,
    error: null,
  });
  const doneRef = useRef(onDone);
  doneRef.current = onDone;

  useEffect(() => {
    setProgress({ job: null, events: [], transport: null, error: null });
    if (!jobId) return;
    let finished = false;
    let source: EventSource | null = null;
    let timer: number | undefined;

    const finish = (job: JobRecord) => {
      if (finished) return;
      finished = true;
      source?.close();
      window.clearTimeout(timer);
      doneRef.current(job);
    };

    const poll = async () => {
      try {
        const job = await api.getJob(jobId, KEEP_EVENTS);
        if (finished) return;
        setProgress({ job, events: job.events ?? [], transport: 'polling', error: null });
        if (isTerminal(job)) finish(job);
        else timer = window.setTimeout(poll, POLL_MS);
      } catch (error) {
        if (finished) return;
        setProgress((p) => ({ ...p, error }));
        timer = window.setTimeout(poll, POLL_MS * 3);
      }
    };

    if (typeof EventSource === 'undefined') {
      void poll();
    } else {
      source = new EventSource(api.jobEventsUrl(jobId));
      setProgress((p) => ({ ...p, transport: 'stream' }));
      source.addEventListener('job', (message) => {
        const event = JSON.parse((message as MessageEvent<string>).data) as JobEvent;
        setProgress((p) => ({ ...p, events: [...p.events.slice(-(KEEP_EVENTS - 1)), event] }));
      });
      source.addEventListener('status', (message) => {
        const job = JSON.parse((message as MessageEvent<string>).data) as JobRecord;
        setProgress((p) => ({ ...p, job, error: null }));
        if (isTerminal(job)) finish(job);
      });
      source.onerror = () => {
        if (finished) return;
        source?.close();
        source = null;
        void poll();
      };
    }

    return () => {
      finished = true;
      source?.close();
      window.clearTimeout(timer);
    };
  }, [api, jobId]);

  return progress;
}
