import type { Transcript } from '../sessions/transcript/transcript.js';
import type { SessionDetail, SessionSummary, SnippetSegment } from '../sessions/types.js';
import type { Orchestrator } from '../workflows/orchestrator.js';

type ListedSession = SessionSummary & {
  snippet?: string;
  snippet_segments?: SnippetSegment[];
  match_kind?: string;
  match_line?: number;
  score?: number;
};

export interface SessionListOptions {
  days?: number;
  search?: string;
  project?: string;
  includeOwn?: boolean;
  includeArchived?: boolean;
  includeSubagents?: boolean;
  limit?: number;
  offset?: number;
  /** Aborted when the request is: a search stops reading the rollouts. */
  signal?: AbortSignal;
}

interface SessionList {
  sessions: ListedSession[];
  total: number;
  issues: unknown[];
  /** Sessions in the Codex home before any filter, when the source knows. */
  available?: number;
}

export interface SessionSource {
  list(options: SessionListOptions): Promise<SessionList> | SessionList;
  get(id: string): Promise<SessionDetail | null> | SessionDetail | null;
  /** The transcript read in parts, when the source can (else pages are cut from `get`'s whole transcript). */
  openTranscript?(id: string): Promise<Transcript | null>;
  /** The rollout file of a session, when the source knows it (lets the server cache transcripts). */
  resolvePath?(id: string): Promise<string | null>;
}

export interface JobView {
  job_id: string;
  status: string;
  events: Record<string, unknown>[];
}

export interface JobSource {
  get(jobId: string, options?: { tail?: number }): JobView | null;
  subscribe(jobId: string, listener: (event: Record<string, unknown>) => void): () => void;
  cancel(jobId: string): boolean;
}

export interface ServerDeps {
  token: string;
  /** `host:port` names this server answers to; read per request because the port is known only after listen. */
  allowedHosts: () => readonly string[];
  /** The built web UI (`dist/web`), or null when it is not built. */
  webRoot: string | null;
  sessions: SessionSource;
  jobs: JobSource;
  workflows: Orchestrator;
  status: () => Promise<Record<string, unknown>>;
  logError?: (error: unknown) => void;
}
