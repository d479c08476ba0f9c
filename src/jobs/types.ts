export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
]);

/**
 * `runs/<job_id>.json`: everything seed 2 section 8 asks a run record to hold. A type alias rather than an
 * interface so it fits `Record<string, unknown>`-shaped views (the server's JobView).
 */
export type JobRecord = {
  job_id: string;
  kind: string;
  status: JobStatus;
  session_id: string | null;
  mode: string | null;
  prompts: string[];
  model: string | null;
  sandbox: string | null;
  approval: string | null;
  config: Record<string, unknown>;
  command: string[] | null;
  /**
   * What Codex reported it ran with (its rollout's `turn_context`): beside `sandbox`, `approval` and `model`
   * (what was asked), so the record says what ran; null until known.
   */
  codex_reported: {
    sandbox_policy: string | null;
    approval_policy: string | null;
    model: string | null;
  } | null;
  codex_thread_id: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  exit_status: number | null;
  error: { code: string; message: string } | null;
  result: Record<string, unknown> | null;
};

export interface JobContext {
  jobId: string;
  /** Aborted on cancel and on timeout. */
  signal: AbortSignal;
  log(event: Record<string, unknown>): void;
  update(
    patch: Partial<
      Pick<JobRecord, 'codex_thread_id' | 'command' | 'prompts' | 'exit_status' | 'codex_reported'>
    >,
  ): void;
  /**
   * A prompt is about to be sent into an existing session (a resume): when that session is the job's own
   * (the person's), the turn it adds is recorded as codex-retro's.
   */
  notePrompt(step: { mode: string; sessionId?: string; prompt: string }): Promise<void>;
}

export interface JobSpec {
  kind: string;
  session_id?: string | null;
  mode?: string | null;
  prompts: string[];
  model?: string | null;
  sandbox?: string | null;
  approval?: string | null;
  config?: Record<string, unknown>;
  timeoutMs?: number;
  run(ctx: JobContext): Promise<Record<string, unknown>>;
}

export interface JobRegistry {
  submit(spec: JobSpec): JobRecord;
  /** The record and the last `tail` events of its log (default 200). */
  get(jobId: string, options?: { tail?: number }): (JobRecord & { events: Record<string, unknown>[] }) | null;
  /** Live events of a job, status changes included (`type: "job.status"`); returns the unsubscribe function. */
  subscribe(jobId: string, listener: (event: Record<string, unknown>) => void): () => void;
  wait(jobId: string): Promise<JobRecord>;
  cancel(jobId: string): boolean;
  /** Every job this registry knows, newest first. */
  list(): JobRecord[];
  /** Record files in `runsDir` that could not be read when the registry started. */
  readonly unreadable: { file: string; problem: string }[];
}
