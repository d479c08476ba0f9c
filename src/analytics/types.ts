import type { SessionCost } from '../pricing/types.js';
/**
 * Deterministic usage metrics over a window of sessions (`computeMetrics`). JSON-friendly: plain objects,
 * arrays sorted (largest first, then by name), times as ISO strings, durations in milliseconds.
 * Entries a fork copied from its parent (`inherited`) are never counted. A session with any own activity
 * inside the window is counted whole; one without is listed in `coverage.excluded`.
 */

/** A label and how often it occurred. */
export interface CountRow {
  name: string;
  count: number;
}

export interface HistogramBucket {
  /** Human label, e.g. `10–30s`. */
  label: string;
  /** Inclusive lower bound. */
  min_ms: number;
  /** Exclusive upper bound; null for the open last bucket. */
  max_ms: number | null;
  count: number;
}

/** Summary of a set of durations; all null when there were none. */
export interface DurationStats {
  count: number;
  total_ms: number;
  mean_ms: number | null;
  median_ms: number | null;
  p90_ms: number | null;
  max_ms: number | null;
}

export interface ExcludedSession {
  id: string;
  path: string;
  reason: string;
}

export interface CoverageMetrics {
  /** Rollouts seen in the store (before the window and any exclusion). */
  sessions_found: number;
  sessions_analyzed: number;
  excluded: ExcludedSession[];
  excluded_by_reason: CountRow[];
  /** Analyzed sessions whose rollout had lines that could not be read. */
  files_with_parse_issues: number;
  parse_issues: CountRow[];
  /** Transcript entries copied from a fork's parent: shown in transcripts, not counted again. */
  inherited_entries: number;
  /** Analyzed sessions without any timestamp: counted, but absent from time-based metrics. */
  sessions_without_timestamps: number;
}

export interface SessionMetrics {
  total: number;
  /** Calendar days (in the report's time zone) with at least one timestamped entry. */
  active_days: number;
  first_activity_at: string | null;
  last_activity_at: string | null;
  /** What the person typed (injected context excluded). */
  user_messages: number;
  assistant_messages: number;
  turns: number;
  archived: number;
  /** First to last timestamped entry of each session. */
  duration: DurationStats;
  duration_histogram: HistogramBucket[];
  user_messages_per_session: { mean: number | null; max: number };
}

export interface ToolRow {
  name: string;
  calls: number;
  errors: number;
  sessions: number;
  /** Sum of recorded durations (calls without a recorded duration add nothing). */
  duration_ms: number;
}

export interface ToolMetrics {
  calls: number;
  by_tool: ToolRow[];
}

export interface ProgramRow {
  name: string;
  /** Times the program appears in a command (each part of a pipeline or `&&` chain counts). */
  count: number;
  /** Commands containing it that exited non-zero. */
  in_failed_commands: number;
  sessions: number;
}

export interface ShellMetrics {
  /** Shell-like tool calls (`shell`, `exec_command`, `shell_command`, `local_shell`…). */
  commands: number;
  programs: ProgramRow[];
  /** Shell calls whose command could not be read. */
  unparsed: number;
}

export type ErrorCategory =
  | 'nonzero_exit'
  | 'patch_failed'
  | 'rejected'
  | 'aborted'
  | 'timeout'
  | 'tool_error';

export interface ErrorMetrics {
  /** Tool calls that failed, each counted once in its category. */
  total: number;
  /** Failed tool calls per tool call (0 when there were no calls). */
  rate: number;
  by_category: CountRow[];
  /** Non-zero exit codes bucketed: `1`, `2`, `126` (not executable), `127` (not found), `signal` (128+), `other`. */
  exit_codes: CountRow[];
  by_tool: CountRow[];
}

export interface TimingMetrics {
  turns: { total: number; completed: number; failed: number; aborted: number; unknown: number };
  /** Codex's own turn durations where recorded (task_started → task_complete). */
  turn_duration: DurationStats;
  turn_duration_histogram: HistogramBucket[];
  time_to_first_token: DurationStats;
  /** Codex's last message of a turn → the person's next message. */
  reply_gap: DurationStats;
  reply_gap_histogram: HistogramBucket[];
  tool_duration: DurationStats;
}

export interface OverlapPair {
  a: string;
  b: string;
  overlap_ms: number;
}

export interface ParallelMetrics {
  /** Sessions with a start and an end (first and last timestamped entry). */
  sessions_timed: number;
  peak_concurrency: number;
  /** Start of the first moment the peak was reached. */
  peak_at: string | null;
  /** Time with at least one session open. */
  active_ms: number;
  /** Time with two or more sessions open. */
  parallel_ms: number;
  /** parallel_ms / active_ms (0 when nothing was active). */
  parallel_share: number;
  /** Time spent at each concurrency level ≥ 1. */
  by_concurrency: { sessions: number; ms: number }[];
  overlapping_pairs_total: number;
  /** Longest overlaps first, at most 50. */
  overlapping_pairs: OverlapPair[];
}

export interface TokenCounts {
  /** Includes cached input. */
  input: number;
  cached_input: number;
  /** Includes reasoning. */
  output: number;
  reasoning: number;
  /** input + output as Codex reported it. */
  total: number;
}

export interface TokenMetrics extends TokenCounts {
  sessions_with_usage: number;
  /** cached_input / input (0 without input). */
  cache_share: number;
  by_model: (TokenCounts & { name: string; sessions: number })[];
  /**
   * What subagents used, already inside the totals and `by_model` above (each thread's own tokens, once):
   * a parent's totals never include its subagents'.
   */
  subagents: TokenCounts & { sessions: number };
  /** What the same tokens cost at the price list's rates, each session priced by its requests' models. */
  cost: SessionCost;
}

/** Sessions Codex ran on another agent's behalf: not counted as sessions, their work shown here. */
export interface SubagentMetrics {
  /** Subagent sessions with activity in the window. */
  sessions: number;
  /** Person sessions in the window that spawned at least one of them. */
  parents: number;
  /** Subagents whose parent (a session or another subagent) is not among the analyzed ones (out of the window, or not recorded). */
  without_parent: number;
  tool_calls: number;
  failed_turns: number;
  aborted_turns: number;
  by_kind: CountRow[];
}

export interface ModelRow {
  name: string;
  sessions: number;
  turns: number;
}

export type OriginatorKind = 'cli' | 'exec' | 'ide' | 'desktop' | 'subagent' | 'other' | 'unknown';

export interface OriginatorMetrics {
  by_kind: CountRow[];
  /** Raw originator strings as Codex recorded them, with their kind. */
  by_originator: { name: string; kind: OriginatorKind; sessions: number }[];
}

export interface ProjectRow {
  name: string;
  sessions: number;
  user_messages: number;
  tool_calls: number;
  /** Sum of session durations. */
  active_ms: number;
}

export interface ProjectMetrics {
  /** By repository (remote URL or repository hint); sessions outside a repository are `(none)`. */
  repositories: ProjectRow[];
  /** By working directory. */
  directories: ProjectRow[];
}

export interface CalendarMetrics {
  time_zone: string;
  /** 24 rows, hour 0–23 in the time zone. */
  by_hour: { hour: number; user_messages: number; sessions_started: number }[];
  /** 7 rows, Monday first. */
  by_weekday: { weekday: string; user_messages: number; sessions_started: number }[];
  /** One row per active day, oldest first. */
  by_day: { date: string; sessions: number; user_messages: number }[];
}

export interface PatchMetrics {
  /** apply_patch edits (each patch once). */
  patches: number;
  failed: number;
  /** Distinct paths touched. */
  files_changed: number;
  lines_added: number;
  lines_removed: number;
  by_kind: CountRow[];
  by_language: { language: string; files: number; added: number; removed: number }[];
  /** Most edited files, at most 25. */
  top_files: { path: string; edits: number; added: number; removed: number }[];
  /** Edits by the first directory of the path (or `(root)`), at most 25. */
  top_directories: { directory: string; edits: number; added: number; removed: number }[];
}

export interface EventMetrics {
  /** Turns the person interrupted or that were aborted. */
  interruptions: number;
  compactions: number;
  /** Sessions that are forks of another session. */
  forks: number;
  failed_turns: number;
  /** Recorded errors by kind (`turn_failed`, `stream_error`, `model_error`…). */
  errors_by_kind: CountRow[];
  /** Turns in which Codex waited for the person (a question, a permission, a command outside the sandbox). */
  approval_turns: number;
  /** The tool calls it waited with, by kind: `user_input`, `permissions`, `escalation`. */
  approval_waits: CountRow[];
  /** Sessions with at least one failed, interrupted or waiting turn. */
  sessions_with_friction: number;
}

export interface UsageMetrics {
  schema_version: 1;
  window: { since: string; until: string; time_zone: string; generated_at: string };
  coverage: CoverageMetrics;
  sessions: SessionMetrics;
  tools: ToolMetrics;
  shell: ShellMetrics;
  errors: ErrorMetrics;
  timing: TimingMetrics;
  parallel: ParallelMetrics;
  tokens: TokenMetrics;
  models: ModelRow[];
  originators: OriginatorMetrics;
  projects: ProjectMetrics;
  calendar: CalendarMetrics;
  patches: PatchMetrics;
  events: EventMetrics;
  subagents: SubagentMetrics;
}

export interface ComputeMetricsOptions {
  now: Date;
  timeZone: string;
  since: Date;
  until: Date;
  excluded?: ExcludedSession[];
  /** Rollouts seen in the store; defaults to analyzed + excluded. */
  found?: number;
}
