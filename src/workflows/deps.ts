import type { runCodex } from '../codex/index.js';
import type { SessionDetail } from '../sessions/types.js';

/**
 * What the workflows need from the runner, the job registry and the session store, as interfaces so the
 * server and the CLI wire the real parts and unit tests wire fakes.
 */
export type RunMode = 'fork' | 'resume';

export type RunCodex = typeof runCodex;

export interface JobContextLike {
  jobId: string;
  signal: AbortSignal;
  log(event: Record<string, unknown>): void;
  update(patch: { codex_thread_id?: string | null; command?: string[] | null; prompts?: string[] }): void;
}

interface JobRecordLike {
  job_id: string;
  status: string;
  error: { code: string; message: string } | null;
  result: Record<string, unknown> | null;
}

interface JobSubmitter {
  submit(spec: {
    kind: string;
    session_id?: string | null;
    mode?: string | null;
    prompts: string[];
    model?: string | null;
    sandbox?: string | null;
    approval?: string | null;
    config?: Record<string, unknown>;
    timeoutMs?: number;
    run(ctx: JobContextLike): Promise<Record<string, unknown>>;
  }): JobRecordLike;
  wait(jobId: string): Promise<JobRecordLike>;
}

interface SessionReader {
  get(id: string): Promise<SessionDetail | null> | SessionDetail | null;
}

/** Everything a workflow run needs about where it runs. */
export interface WorkflowDeps {
  repoRoot: string;
  codexHome: string;
  codexBin: string;
  /** Extra environment for the Codex child (tests point it at their model server). */
  env?: Record<string, string>;
  sessions: SessionReader;
  jobs: JobSubmitter;
  runCodex: RunCodex;
  timeoutMs?: number;
  allowSubtreeAgents?: boolean;
  now?: () => Date;
}
