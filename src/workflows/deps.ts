import type { runCodex } from '../codex/index.js';
import type { EffectSessionSource } from '../effect/measure.js';
import type { JobRecord, JobSpec } from '../jobs/index.js';
import type { SessionDetail } from '../sessions/types.js';

/**
 * What the workflows need from the runner, the job registry and the session store, as interfaces so the
 * server and the CLI wire the real parts and unit tests wire fakes.
 *
 * How a run sees the session: Codex continues it (`fork`, a new branch; `resume`, in place), or a new Codex
 * session reads a redacted digest of its transcript (`digest`), for sessions Codex cannot continue.
 */
export type RunMode = 'fork' | 'resume' | 'digest';

export type RunCodex = typeof runCodex;

/** The part of a run record a workflow reads after its job ends. */
type JobOutcome = Pick<JobRecord, 'job_id' | 'status' | 'error' | 'result'>;

interface JobSubmitter {
  submit(spec: JobSpec): JobOutcome;
  wait(jobId: string): Promise<JobOutcome>;
}

/** Reads one session for a run; lists them to measure what an applied change did. */
interface SessionReader extends EffectSessionSource {
  get(id: string): Promise<SessionDetail | null> | SessionDetail | null;
}

/** Everything a workflow run needs about where it runs. */
export interface WorkflowDeps {
  repoRoot: string;
  /** codex-retro's own state folder: proposals' records, backups and permissions live there. */
  stateDir: string;
  codexHome: string;
  codexBin: string;
  /** Extra environment for the Codex child (tests point it at their model server). */
  env?: Record<string, string>;
  sessions: SessionReader;
  jobs: JobSubmitter;
  runCodex: RunCodex;
  timeoutMs?: number;
  allowSubtreeAgents?: boolean;
  /** `serve --allow-write-sandbox`: insights may ask for a sandbox above read-only. */
  allowWriteSandbox?: boolean;
  now?: () => Date;
}
