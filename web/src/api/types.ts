/**
 * Shapes the server answers with. Transcript types come from the one transcript model
 * (type-only imports: nothing from the server side ends up in the bundle).
 */

import type { ProposalEffect } from '../../../src/effect/proposal-effect.js';
import type { PatchFileView, PatchHunkView, PatchView } from '../../../src/patch/view.js';
import type {
  SessionMetadata,
  SessionSummary,
  SnippetSegment,
  TranscriptEntry,
  TurnInfo,
} from '../../../src/sessions/types.js';
import type { Continuation } from '../../../src/workflows/continuation.js';

export type {
  Continuation,
  PatchFileView,
  PatchHunkView,
  PatchView,
  ProposalEffect,
  SessionMetadata,
  SessionSummary,
  TranscriptEntry,
  TurnInfo,
};

export interface SessionRow extends SessionSummary {
  /** A search hit's text around the match, the match in [brackets] (kept for older clients). */
  snippet?: string;
  /** The same in parts, the matched ones flagged: what the list marks. */
  snippet_segments?: SnippetSegment[];
  match_kind?: string;
  /** The rollout line of the entry that holds the hit. */
  match_line?: number;
}

/** Where a search hit is in its session: the entry (its rollout line) and the words it matched. */
export interface SearchHit {
  line: number;
  terms: string[];
}

export interface SessionQuery {
  search: string;
  project: string;
  days: number | null;
  archived: boolean;
  includeOwn: boolean;
  /** Subagent sessions are listed under their parent's transcript; this lists them as rows too. */
  includeSubagents: boolean;
}

export interface SessionPage {
  items: SessionRow[];
  /** Sessions that match the query. */
  total: number | null;
  /** Sessions in the Codex home before any filter. */
  homeTotal: number | null;
}

export interface TranscriptPage {
  id: string;
  metadata: SessionMetadata;
  /** Whether Codex can fork or resume the session; null from a server that does not say. */
  continuation: Continuation | null;
  messages: TranscriptEntry[];
  turns: TurnInfo[];
  offset: number;
  /** Every entry of the session, when the server says how many there are. */
  total: number | null;
}

export interface ServerStatus {
  codex: { found: boolean; version: string | null };
  codex_home: string;
  /** The Codex home asked for; differs from codex_home while the samples are shown. */
  requested_codex_home?: string;
  repo_root: string | null;
  demo?: boolean;
  /** Only a hint (an auth file exists); a failed run says for sure. */
  logged_in?: boolean | null;
  logged_in_hint?: string;
  /** `serve --allow-write-sandbox`: insights may run in the workspace-write sandbox. */
  write_sandbox_allowed?: boolean;
  defaults?: { allow_subtree_agents?: boolean };
}

export type SandboxMode = 'read-only' | 'workspace-write';

/** How Codex runs, as the person chose it for this session's runs (recorded in each run's record). */
export interface RunSettings {
  model: string;
  sandbox: SandboxMode;
  approval: 'never';
}

export type RunMode = 'fork' | 'resume' | 'digest';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

export interface JobEvent {
  type?: string;
  [key: string]: unknown;
}

export interface JobRecord {
  job_id: string;
  kind?: string;
  status: JobStatus;
  error: { code: string; message: string } | null;
  events?: JobEvent[];
  result?: Record<string, unknown> | null;
  created_at?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
}

export interface InsightArtifact {
  artifact_id: string;
  session_id: string;
  created_at: string;
  job_id: string | null;
  mode: RunMode;
  model: string | null;
  goal: string;
  outcome: { status: string; summary: string };
}

interface InsightEvidence {
  quote: string;
  /** A transcript entry (its rollout line) the server found in the transcript, or null. */
  entry: number | null;
}

interface InsightPoint {
  point: string;
  evidence: InsightEvidence[];
}

export interface InsightAnswer {
  goal: string;
  outcome: { status: 'achieved' | 'partly_achieved' | 'not_achieved' | 'unclear'; summary: string };
  what_worked: InsightPoint[];
  friction: InsightPoint[];
  recommendations: { title: string; detail: string; target: string }[];
}

export interface InsightArtifactDetail {
  artifact_id: string;
  session_id: string;
  created_at: string;
  mode: RunMode;
  model: string | null;
  markdown: string;
  json: InsightAnswer;
  evidence: { quotes: number; cited_entries: number; unknown_entries: number[] };
  /** Whether the citations were checked against the transcript (false: the session could not be read). */
  entries_checked?: boolean;
}

export interface ValidationCheck {
  id: string;
  label: string;
  ok: boolean;
  message: string;
  /** `{ skipped: true }` for a check that could not run because an earlier one failed. */
  details?: unknown;
}

interface ProposalValidation {
  ok: boolean;
  stale: boolean;
  checks: ValidationCheck[];
}

/** One word per proposal, derived by the server from its record and its latest validation. */
export type ProposalStatus =
  | 'generating'
  | 'generated'
  | 'invalid'
  | 'stale'
  | 'no_change'
  | 'failed'
  | 'applied'
  | 'reverted';

/** A changed file: the server records hashes beside the path; older answers carry the path alone. */
export type ChangedFile = string | { path: string };

export interface ProposalSummary {
  proposal_id: string;
  session_id: string;
  insight_artifact_id: string | null;
  job_id: string | null;
  mode: RunMode;
  status: ProposalStatus;
  created_at: string;
  summary: string;
  files_touched: string[];
  applied_at?: string;
  reverted_at?: string;
  can_apply: boolean;
  can_revert: boolean;
  model: string | null;
  /** What this proposal may change beyond `.codex/skills/**` and AGENTS.md, as recorded when it was made. */
  options?: { allow_subtree_agents: boolean; allow_paths: string[] };
  validation: ProposalValidation | null;
  error?: { code: string; message: string } | null;
  /** The repository's sessions before and after the latest apply; null (or absent) when never applied. */
  effect?: ProposalEffect | null;
}

export interface ProposalDetail extends ProposalSummary {
  /** The canonical diff text (or, when it does not parse, the text as Codex wrote it). */
  diff: string;
  patch: PatchView | null;
  integrity?: { trusted: boolean; problems: string[] };
  safety_notes: string[];
  files_changed?: ChangedFile[];
}

export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
];
